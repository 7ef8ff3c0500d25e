import { freePort, isPortFree } from '@guildwire/testkit';

/** `preferred` when nothing listens there, else a free port the OS picks. */
export async function portFor(preferred: number): Promise<number> {
  return (await isPortFree(preferred)) ? preferred : freePort();
}
