import { hintPrefix } from '@guildwire/db';
import { CompiledQuery } from 'kysely';
import type { EncodedEvent } from '../publish.js';
import { lockClass } from './outbox-table.js';

// One text for every call: the driver prepares it once per connection, and its name is looked up
// by the very same string each time.
const oneEventText = `${hintPrefix({ prepare: true, commit: true })}
  insert into outbox (event_id, guild_id, subject, payload)
  select $1::uuid, $2::text, $3::text, $4::bytea
  from (
    select pg_advisory_xact_lock($5::int4, hashtext(current_schema() || ':' || $2::text))
  ) as guild_order`;

/**
 * The last statement of an outbox transaction that emitted events, hinted `commit` so that COMMIT
 * leaves with it (undefined without events). It holds the per-guild order locks until COMMIT: outbox
 * ids come from a sequence at insert time, not at commit, so without them two writers of one guild
 * could commit in the opposite order of their ids, and the relay (which publishes in id order)
 * would publish them out of commit order. Both forms take the same lock keys.
 */
export function eventTail(events: readonly EncodedEvent[]): CompiledQuery | undefined {
  if (events.length === 0) return undefined;
  if (events.length === 1) return oneEventTail(events[0]!);
  return CompiledQuery.raw(`${hintPrefix({ commit: true })}${eventsInsertSql(events)}`);
}

/**
 * One event (most changes): the guild's order lock and the outbox row as one prepared statement
 * with the payload as a binary parameter. Compiled by hand: it runs once per change, and kysely
 * would rebuild the same text every time.
 */
function oneEventTail(event: EncodedEvent): CompiledQuery {
  const { payload } = event;
  return CompiledQuery.raw(oneEventText, [
    event.eventId,
    event.guildId,
    event.subject,
    Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength),
    lockClass.guildOrder,
  ]);
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const guildId = /^[0-9]{1,20}$/;
const subject = /^[a-z0-9_]+(\.[a-z0-9_]+)+$/;

/**
 * Several events as one simple-protocol query: the order lock of each guild, then the outbox rows.
 * It is a literal, not a parameterised statement (Postgres runs several statements in one message
 * only without parameters), so every value is checked against a strict pattern first: uuid, digits,
 * lower-case subject tokens, and the payload as hex. Locks are taken in guild order, so two
 * transactions that emit for the same guilds cannot deadlock.
 */
function eventsInsertSql(events: readonly EncodedEvent[]): string {
  const guilds = [...new Set(events.map((e) => checked(guildId, e.guildId, 'guild id')))].sort();
  const locks = guilds.map(
    (g) =>
      `select pg_advisory_xact_lock(${lockClass.guildOrder}, hashtext(current_schema() || ':' || '${g}'))`,
  );
  const rows = events.map(
    (e) =>
      `('${checked(uuid, e.eventId, 'event id')}', '${e.guildId}', '${checked(subject, e.subject, 'subject')}', ` +
      `decode('${Buffer.from(e.payload).toString('hex')}', 'hex'))`,
  );
  return [
    ...locks,
    `insert into outbox (event_id, guild_id, subject, payload) values ${rows.join(', ')}`,
  ].join(';\n');
}

function checked(pattern: RegExp, value: string, what: string): string {
  if (!pattern.test(value)) throw new Error(`outbox: refusing ${what} ${JSON.stringify(value)}`);
  return value;
}
