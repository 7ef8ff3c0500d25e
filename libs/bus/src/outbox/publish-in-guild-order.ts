import type { Bus } from '../connection.js';
import { type EncodedEvent, publishEncoded } from '../publish.js';

/** What {@link publishInGuildOrder} got through. */
export interface GuildOrderOutcome<E> {
  /** The events JetStream acked. */
  readonly published: readonly E[];
  /** The first publish error; the events it held back are not in `published`. */
  readonly failure?: unknown;
}

/**
 * Publishes `events` (given in commit order) with `js.publish`, awaiting each ack: one guild's
 * events one after another, in order, and up to `concurrency` guilds side by side. When an event of
 * a guild fails, the guild's later events are held back (publishing them would put them before it
 * in the stream) and no further guild is started; lanes already running finish.
 */
export async function publishInGuildOrder<E extends EncodedEvent>(
  bus: Bus,
  events: readonly E[],
  options: { readonly concurrency: number; readonly timeoutMs: number },
): Promise<GuildOrderOutcome<E>> {
  const lanes = new Map<string, E[]>();
  for (const event of events) {
    const lane = lanes.get(event.guildId);
    if (lane === undefined) lanes.set(event.guildId, [event]);
    else lane.push(event);
  }
  const waiting = [...lanes.values()];
  const published: E[] = [];
  let failure: unknown;
  let failed = false;
  async function publishLanes(): Promise<void> {
    for (let lane = waiting.shift(); lane !== undefined && !failed; lane = waiting.shift()) {
      for (const event of lane) {
        try {
          await publishEncoded(bus, event, options.timeoutMs);
        } catch (err) {
          if (!failed) failure = err;
          failed = true;
          break;
        }
        published.push(event);
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(options.concurrency, waiting.length) }, publishLanes));
  return failed ? { published, failure } : { published };
}
