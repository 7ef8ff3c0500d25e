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
  const busy = new Set<string>();

  async function flush(guildId: string): Promise<void> {
    const queue = queues.get(guildId) ?? [];
    const batch = queue.splice(0, maxBatch);
    if (queue.length === 0) queues.delete(guildId);
    if (batch.length === 0) {
      busy.delete(guildId);
      return;
    }
    busy.add(guildId);
    // One row per user and giveaway: the same user twice in a batch is one entry (the rest answer
    // "already entered").
    const firsts = new Map<string, Waiting>();
    for (const w of batch) {
      const key = `${w.entry.giveawayId}:${w.entry.userId}`;
      if (!firsts.has(key)) firsts.set(key, w);
    }
    try {
      const inserted = await deps.outbox.transaction(async (trx, emit) => {
        const rows = await insertEntries(trx, [...firsts.values()]);
        for (const [key, w] of firsts)
          if (rows.has(key)) emitEntryConfirmed(emit, w.caller, guildId, w.version, w.entry);
        return rows;
      });
      for (const w of batch) {
        const key = `${w.entry.giveawayId}:${w.entry.userId}`;
        w.resolve(inserted.has(key) && firsts.get(key) === w);
      }
    } catch (err) {
      for (const w of batch) w.reject(err);
    } finally {
      void flush(guildId);
    }
  }

  return {
    /** Writes an entry (with the others queued for its guild); true when it was new. */
    write(caller: Caller, entry: Entry, version: number): Promise<boolean> {
      return new Promise((resolve, reject) => {
        const queue = queues.get(caller.guildId) ?? [];
        queue.push({ caller, entry, version, resolve, reject });
        queues.set(caller.guildId, queue);
        if (!busy.has(caller.guildId)) void flush(caller.guildId);
      });
    },
  };
}

/** The entry writer's interface. */
export type EntryWriter = ReturnType<typeof createEntryWriter>;
