import {
  createEventMeta,
  createMessage,
  decodeMessage,
  discordActor,
  guildEventsStream,
  type TicketOpened,
  TicketOpenedSchema,
  ticketEvents,
} from '@guildwire/contracts';
import { createDb } from '@guildwire/db';
import { testNats, testPostgres, waitUntil } from '@guildwire/testkit';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import { type Bus, connectBus, ensureStream, type Outbox } from '../src/index.js';
import { lockClass } from '../src/outbox/outbox-table.js';
import { createOutboxTable } from '../src/testing/index.js';

type Tap = Parameters<typeof testNats>[0] & { teardown(fn: () => unknown): void };

/** A silent logger, or one writing into `lines` when given. */
export function testLogger(lines?: string[]) {
  if (!lines) return pino({ level: 'silent' });
  return pino({ level: 'debug' }, { write: (s: string) => void lines.push(s) });
}

/** A bus on this file's own NATS (or namespace) with the GUILD_EVENTS stream ensured. */
export async function busForTest(t: Tap, name = 'bus-test', lines?: string[]): Promise<Bus> {
  const nats = await testNats(t);
  const bus = await connectBus({
    servers: nats.url,
    name,
    namespace: nats.namespace,
    logger: testLogger(lines),
  });
  t.teardown(() => bus.close());
  await ensureStream(bus);
  return bus;
}

/** Another connection to the same NATS (a second replica). */
export async function secondBus(t: Tap, first: Bus, name = 'replica-2'): Promise<Bus> {
  const bus = await connectBus({
    servers: first.nc.getServer(),
    name,
    namespace: first.namespace,
    logger: testLogger(),
  });
  t.teardown(() => bus.close());
  return bus;
}

/** A Kysely pool on a fresh database with the outbox table and an `items` table for state. */
export async function dbForTest(t: Tap): Promise<{ db: Kysely<any>; url: string; connect(): Kysely<any> }> {
  const pgServer = await testPostgres(t);
  const connect = () => {
    const db = createDb<any>({ url: pgServer.url, poolSize: 10 });
    t.teardown(() => db.destroy());
    return db;
  };
  const db = connect();
  await createOutboxTable(db);
  await db.schema
    .createTable('items')
    .addColumn('event_id', 'uuid', (c) => c.primaryKey())
    .addColumn('guild_id', 'text')
    .addColumn('n', 'integer')
    .execute();
  await db.schema
    .createTable('counters')
    .addColumn('guild_id', 'text', (c) => c.primaryKey())
    .addColumn('n', 'integer')
    .execute();
  return { db, url: pgServer.url, connect };
}

/** A ticket-opened event for `guildId` whose ticket number carries `n`. */
export function openedEvent(guildId: string, n: number): TicketOpened {
  return createMessage(TicketOpenedSchema, {
    meta: createEventMeta({ guildId, actor: discordActor('1'), aggregateVersion: 1 }),
    ticket: { id: `t-${guildId}-${n}`, guildId, number: n, subject: `ticket ${n}`, openerId: '1' },
  });
}

/** Every message currently in the stream, in stream order, as [subject, ticket number, event id]. */
export async function streamContents(
  bus: Bus,
): Promise<Array<{ subject: string; n: number; eventId: string; seq: number }>> {
  const info = await bus.jsm.streams.info(bus.streamName(guildEventsStream));
  const out: Array<{ subject: string; n: number; eventId: string; seq: number }> = [];
  if (info.state.messages === 0) return out;
  const consumer = await bus.js.consumers.get(bus.streamName(guildEventsStream));
  const iter = await consumer.fetch({ max_messages: info.state.messages, expires: 5000 });
  for await (const m of iter) {
    const ev = decodeMessage(TicketOpenedSchema, m.data);
    out.push({
      subject: bus.local(m.subject) ?? m.subject,
      n: ev.ticket?.number ?? -1,
      eventId: ev.meta?.eventId ?? '',
      seq: m.seq,
    });
    if (out.length === info.state.messages) break;
  }
  return out;
}

/** One state change with its event: bumps the guild's counter, stores an item, emits the event. */
export async function writeItem(
  outbox: Outbox<any>,
  guildId: string,
): Promise<{ eventId: string; n: number }> {
  const [written] = await writeItems(outbox, [guildId]);
  return written!;
}

/**
 * One state change with an event per entry of `guildIds`, in that order (a guild may repeat): for
 * each, bumps the guild's counter, stores an item and emits the event.
 */
export async function writeItems(
  outbox: Outbox<any>,
  guildIds: readonly string[],
): Promise<Array<{ eventId: string; n: number }>> {
  return outbox.transaction(async (trx, emit) => {
    const written = [];
    for (const guildId of guildIds) {
      // The counter's row lock orders writers of one guild: n is the guild's commit order.
      const row = await sql<{ n: number }>`insert into counters (guild_id, n) values (${guildId}, 1)
        on conflict (guild_id) do update set n = counters.n + 1 returning n`.execute(trx);
      const n = row.rows[0]!.n;
      const event = openedEvent(guildId, n);
      await trx.insertInto('items').values({ event_id: event.meta!.eventId, guild_id: guildId, n }).execute();
      emit(ticketEvents.opened, event);
      written.push({ eventId: event.meta!.eventId, n });
    }
    return written;
  });
}

/**
 * Another writer of `guildId` between its outbox rows and COMMIT: holds the guild's order lock (the
 * one every outbox tail takes) in an open transaction until `release()`.
 */
export async function holdGuildOrderLock(
  db: Kysely<any>,
  guildId: string,
): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let locked!: () => void;
  const lockTaken = new Promise<void>((resolve) => {
    locked = resolve;
  });
  const holder = db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    await sql`select pg_advisory_xact_lock(${lockClass.guildOrder}, hashtext(current_schema() || ':' || ${guildId}))`.execute(
      conn,
    );
    locked();
    await released;
    await sql`commit`.execute(conn);
  });
  await lockTaken;
  return {
    async release() {
      release();
      await holder;
    },
  };
}

/** Resolves once exactly one session waits for an advisory lock. */
export function oneWaitsForALock(db: Kysely<any>, what: string): Promise<true> {
  return waitUntil(`${what} to wait on the guild lock`, async () => {
    const waiting = await sql<{ n: string }>`
      select count(*) as n from pg_locks where locktype = 'advisory' and not granted`.execute(db);
    return Number(waiting.rows[0]?.n) === 1 ? true : undefined;
  });
}

/** How many connections sit inside a transaction, doing nothing (left open by mistake). */
export async function openTransactions(db: Kysely<any>): Promise<number> {
  const open = await sql<{ n: string }>`
    select count(*) as n from pg_stat_activity where state like 'idle in transaction%'`.execute(db);
  return Number(open.rows[0]?.n);
}
