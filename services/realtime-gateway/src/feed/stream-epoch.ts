import { type Bus, ensureStream, type StreamInfoSummary, streamSummary } from '@guildwire/bus';

/**
 * The stream's incarnation as clients see it: its creation time, verbatim (nanosecond precision).
 * A recreated stream restarts its sequence at 1, so a cursor is only meaningful with its epoch.
 */
export function epochOf(summary: StreamInfoSummary): string {
  return summary.created;
}

/**
 * The GUILD_EVENTS summary; creates the stream with default limits when it does not exist yet
 * (never updates an existing stream's limits: the gateway only reads it).
 */
export async function readStream(bus: Bus): Promise<StreamInfoSummary> {
  try {
    return await streamSummary(bus);
  } catch (err) {
    if (!isStreamMissing(err)) throw err;
    return ensureStream(bus);
  }
}

/** True for the error JetStream answers when the stream does not exist. */
export function isStreamMissing(err: unknown): boolean {
  return (
    err instanceof Error && (err.name === 'StreamNotFoundError' || /stream not found/i.test(err.message))
  );
}
