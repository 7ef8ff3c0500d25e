import type { Caller, Entry } from '../domain/giveaway.js';
import { insertEntries, type PendingEntry } from '../store/entry-batch.js';
import { emitEntryConfirmed } from '../wire/giveaway-events.js';
import type { GiveawayDeps } from './deps.js';

interface Waiting extends PendingEntry {
  readonly caller: Caller;
  readonly resolve: (inserted: boolean) => void;
  readonly reject: (err: unknown) => void;
}

// Entries of one guild commit one after another anyway (the outbox orders a guild's events by
// holding its lock until COMMIT); more per batch only makes a batch's statement longer.
const maxBatch = 500;
// Batches of one guild in flight: the next one inserts its rows while the previous one commits,
// then waits for the guild's order lock (taken last, after the rows: no lock cycle).
const maxInFlight = 2;

/**
 * Group commit of entries. Every entry of a guild's giveaways commits under that guild's outbox
 * order lock, so one entry per transaction caps a giveaway at one commit (fsync) per entry. Here
 * the entries that arrive while a guild's batch commits wait for it and go together in the next:
 * one transaction writes them all and their confirmations. Alone, an entry commits at once (no
 * timer); under load, a batch holds everything that queued during the previous commit. Each
 * caller is answered once its batch committed: acknowledged still means durable.
 */
export function createEntryWriter(deps: GiveawayDeps) {
  const queues = new Map<string, Waiting[]>();
  const inFlight = new Map<string, number>();

  function maybeFlush(guildId: string): void {
    const running = inFlight.get(guildId) ?? 0;
    if (running >= maxInFlight || !queues.has(guildId)) return;
    inFlight.set(guildId, running + 1);
    void flush(guildId);
  }

  async function flush(guildId: string): Promise<void> {
    const queue = queues.get(guildId) ?? [];
    const batch = queue.splice(0, maxBatch);
    if (queue.length === 0) queues.delete(guildId);
    // One row per user and giveaway: the same user twice in a batch is one entry (the rest answer
    // "already entered").
    const firsts = new Map<string, Waiting>();
    for (const w of batch) {
      const key = `${w.entry.giveawayId}:${w.entry.userId}`;
      if (!firsts.has(key)) firsts.set(key, w);
    }
    // In key order, so two batches in flight that share users lock their rows in the same order.
    const pending = [...firsts.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const write = () =>
      deps.outbox.transaction(async (trx, emit) => {
        const rows = await insertEntries(
          trx,
          pending.map(([, w]) => w),
        );
        for (const [key, w] of pending)
          if (rows.has(key)) emitEntryConfirmed(emit, w.caller, guildId, w.version, w.entry);
        return rows;
      });
    try {
      // Postgres may still pick one of two such batches as a deadlock victim: it rolled back, so
      // writing it again is safe.
      const inserted = await write().catch((err: unknown) => {
        if (!isDeadlock(err)) throw err;
        return write();
      });
      for (const w of batch) {
        const key = `${w.entry.giveawayId}:${w.entry.userId}`;
        w.resolve(inserted.has(key) && firsts.get(key) === w);
      }
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      const left = (inFlight.get(guildId) ?? 1) - 1;
      if (left === 0) inFlight.delete(guildId);
      else inFlight.set(guildId, left);
      maybeFlush(guildId);
    }
  }

  return {
    /** Writes an entry (with the others queued for its guild); true when it was new. */
    write(caller: Caller, entry: Entry, version: number): Promise<boolean> {
      return new Promise((resolve, reject) => {
        const queue = queues.get(caller.guildId) ?? [];
        queue.push({ caller, entry, version, resolve, reject });
        queues.set(caller.guildId, queue);
        maybeFlush(caller.guildId);
      });
    },
  };
}

function isDeadlock(err: unknown): boolean {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  return e?.code === '40P01' || e?.cause?.code === '40P01';
}

/** The entry writer's interface. */
export type EntryWriter = ReturnType<typeof createEntryWriter>;
