import { type RawBuilder, sql } from 'kysely';
import type { EncodedEvent } from '../publish.js';
import { lockClass } from './outbox-table.js';

/**
 * One statement that writes `events` to the outbox, in order, each guild's order lock first.
 *
 * The locks (transaction-scoped, so held until COMMIT) are why ids follow commit order within a
 * guild: ids come from a sequence at insert time, not at commit, so without them two writers of one
 * guild could commit in the opposite order of their ids, and the relay (which publishes in id order)
 * would publish them out of commit order. `guild_order` is one row that takes them all, so they are
 * held before the join yields its first row, hence before any id is drawn. Guilds are locked in
 * sorted order (Postgres computes a select list left to right), so two writers that emit for the
 * same guilds cannot deadlock.
 *
 * With `onlyIf` (a boolean SQL condition) it writes nothing, and takes no lock, when that is false.
 * Plain lists rather than arrays and unnest or an aggregate: the statement is planned on every
 * call, and those cost Postgres twice as much to plan and run.
 */
export function insertEventRows(events: readonly EncodedEvent[], onlyIf?: RawBuilder<boolean>) {
  const guilds = [...new Set(events.map((e) => e.guildId))].sort();
  const locks = guilds.map(
    (guild) =>
      sql`pg_advisory_xact_lock(${lockClass.guildOrder}::int4, hashtext(current_schema() || ':' || ${guild}::text))`,
  );
  const rows = events.map(
    (e) => sql`(${e.eventId}::uuid, ${e.guildId}::text, ${e.subject}::text, ${e.payload}::bytea)`,
  );
  return sql`insert into outbox (event_id, guild_id, subject, payload)
    select e.event_id, e.guild_id, e.subject, e.payload
    from (select ${sql.join(locks)}) as guild_order, (values ${sql.join(rows)}) as e (event_id, guild_id, subject, payload)
    where ${onlyIf ?? sql<boolean>`true`}`;
}
