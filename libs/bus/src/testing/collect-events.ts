import type { EventDef, EventOf } from '@guildwire/contracts';
import { waitUntil } from '@guildwire/testkit';
import type { Bus } from '../connection.js';
import { readOrdered } from '../consume/ordered.js';
import type { ReceivedEvent } from '../consume/received-event.js';

/** The part of a tap test the collector uses. */
interface Tap {
  teardown(fn: () => unknown): void;
}

/** Every event in the stream, collected from its first message, read back by guild and type. */
export interface CollectedEvents {
  all(): ReceivedEvent[];
  ofGuild(guildId: string): ReceivedEvent[];
  /** Messages of one type in one guild, in stream order. */
  of<D extends EventDef>(def: D, guildId: string): EventOf<D>[];
  /** Waits until `count` events of `def` arrived in the guild; returns them in stream order. */
  waitFor<D extends EventDef>(def: D, guildId: string, count?: number): Promise<EventOf<D>[]>;
  /** Waits until the guild has `count` events of any type; returns their types in order. */
  waitForCount(guildId: string, count: number): Promise<string[]>;
}

/**
 * Reads the whole GUILD_EVENTS stream of `bus` (from sequence 1) for a test, stopped at teardown:
 * what tests use to check the events a change published.
 */
export async function collectEvents(t: Tap, bus: Bus): Promise<CollectedEvents> {
  const seen: ReceivedEvent[] = [];
  const reader = await readOrdered(bus, {
    filter: 'guild.>',
    startSeq: 1,
    onEvent: (e) => void seen.push(e),
  });
  t.teardown(() => reader.stop());
  const ofGuild = (guildId: string) => seen.filter((e) => e.guildId === guildId);
  const of = <D extends EventDef>(def: D, guildId: string): EventOf<D>[] =>
    ofGuild(guildId)
      .filter((e) => e.def === def)
      .map((e) => e.message as EventOf<D>);
  return {
    all: () => [...seen],
    ofGuild,
    of,
    waitFor: (def, guildId, count = 1) =>
      waitUntil(`${count} × ${def.type} in guild ${guildId}`, async () => {
        const found = of(def, guildId);
        return found.length >= count ? found : undefined;
      }),
    waitForCount: (guildId, count) =>
      waitUntil(`${count} events in guild ${guildId}`, async () => {
        const found = ofGuild(guildId);
        return found.length >= count ? found.map((e) => e.def.type) : undefined;
      }),
  };
}
