import { type Kysely, sql } from 'kysely';
import type { Entry } from '../domain/giveaway.js';
import type { GiveawayDatabase } from './database.js';

/** One entry to write, with the giveaway version its eligibility was decided on. */
export interface PendingEntry {
  readonly entry: Entry;
  readonly version: number;
}

/**
 * Inserts a batch of entries in one statement and answers which were new (`giveawayId:userId`).
 * A row is inserted only while its giveaway is running, still open at the entry's time, and at the
 * version decided on; `FOR KEY SHARE` on the giveaway makes the end (FOR UPDATE) wait for the batch
 * and the batch wait for the end. A user already entered is a conflict: nothing happens for them.
 */
export async function insertEntries(
  db: Kysely<GiveawayDatabase>,
  batch: readonly PendingEntry[],
): Promise<Set<string>> {
  const values = batch.map(
    ({ entry, version }) =>
      sql`(${entry.giveawayId}::uuid, ${entry.userId}::bigint, ${entry.weight}::int, ${entry.enteredAt}::timestamptz, ${version}::int)`,
  );
  const { rows } = await sql<{ giveaway_id: string; user_id: string }>`
    insert into entries (giveaway_id, user_id, weight, entered_at)
    select v.giveaway_id, v.user_id, v.weight, v.entered_at
    from (values ${sql.join(values)}) as v (giveaway_id, user_id, weight, entered_at, version)
    join giveaways g on g.id = v.giveaway_id and g.status = 'running' and g.ends_at > v.entered_at
      and g.version = v.version
    for key share of g
    on conflict (giveaway_id, user_id) do nothing
    returning giveaway_id, user_id`.execute(db);
  return new Set(rows.map((r) => `${r.giveaway_id}:${r.user_id}`));
}
