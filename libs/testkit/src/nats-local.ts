import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NatsServerMissingError } from './errors.js';
import { freePort } from './free-port.js';
import { natsGreets } from './nats-probe.js';
import { trackDirectory, untrackDirectory } from './process-reaper.js';
import { type ServerProcess, spawnServer } from './server-process.js';
import type { TestNats } from './test-nats-types.js';
import { waitUntil } from './wait-until.js';

const HOST = '127.0.0.1';

async function startServer(port: number, storeDir: string): Promise<ServerProcess> {
  const server = spawnServer('nats-server', 'nats-server', [
    '-js',
    '-a',
    HOST,
    '-p',
    String(port),
    '-sd',
    storeDir,
  ]);
  try {
    await waitUntil(`nats-server on ${HOST}:${port}`, () => natsGreets(HOST, port), {
      abort: server.exitError,
    });
  } catch (error) {
    await server.stop('SIGKILL');
    const cause = server.exitError() ?? error;
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw new NatsServerMissingError({ cause });
    throw error;
  }
  return server;
}

/** Start `nats-server -js` from PATH on a free loopback port with a store in a fresh temp dir. */
export async function startLocalNats(): Promise<Omit<TestNats, 'startMs'>> {
  const storeDir = await mkdtemp(join(tmpdir(), 'gw-testkit-nats-'));
  trackDirectory(storeDir);
  let port = await freePort(HOST);
  let server: ServerProcess | undefined;
  // Another process may grab the port between freePort() and the server's bind: retry on a new one.
  for (let attempt = 0; server === undefined; attempt++) {
    try {
      server = await startServer(port, storeDir);
    } catch (error) {
      if (error instanceof NatsServerMissingError || attempt >= 2) {
        await rm(storeDir, { recursive: true, force: true });
        untrackDirectory(storeDir);
        throw error;
      }
      port = await freePort(HOST);
    }
  }
  let current: ServerProcess = server;
  let stopped = false;
  return {
    url: `nats://${HOST}:${port}`,
    namespace: '',
    source: 'local',
    async stop() {
      if (stopped) return;
      stopped = true;
      await current.stop('SIGKILL');
      await rm(storeDir, { recursive: true, force: true });
      untrackDirectory(storeDir);
    },
    async restart() {
      if (stopped) throw new Error('testNats: restart() after stop()');
      // SIGTERM lets the server close its JetStream store cleanly; the same port and store dir
      // bring the same streams back.
      await current.stop('SIGTERM');
      current = await startServer(port, storeDir);
    },
  };
}
