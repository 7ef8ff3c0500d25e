import { ticketEvents } from '@guildwire/contracts';
import { waitUntil } from '@guildwire/testkit';
import { type Kysely, sql } from 'kysely';
import t from 'tap';
import { createOutbox, type EmitEvent } from '../../src/index.js';
import {
  busForTest,
  dbForTest,
  holdGuildOrderLock,
  oneWaitsForALock,
  openedEvent,
  openTransactions,
  plainKysely,
  streamContents,
  testLogger,
} from '../fixtures.js';

// outbox.commit: statements known up front and their events, as one transaction in one round trip.

const opened = (guildId: string, n: number) => {
  const event = openedEvent(guildId, n);
  return { id: event.meta!.eventId, event };
};

/** Emits the given ticket-opened events, in order. */
const emitting =
  (...events: ReadonlyArray<ReturnType<typeof opened>>) =>
  (emit: EmitEvent) => {
    for (const e of events) emit(ticketEvents.opened, e.event);
  };

t.test(
  'outbox.commit – the statements and their event commit together; the relay publishes it',
  async (t) => {
    const bus = await busForTest(t);
    const { db } = await dbForTest(t);
    const outbox = createOutbox(db, bus, testLogger());
    outbox.relay.start();
    t.teardown(() => outbox.relay.stop());
    const event = opened('4242', 1);
    const results = await outbox.commit(
      [
        db.insertInto('items').values({ event_id: event.id, guild_id: '4242', n: 1 }).returning('n'),
        sql`insert into counters values ('4242', 1)`.compile(db),
      ],
      emitting(event),
    );
    t.same(
      results.map((r) => r.rows),
      [[{ n: 1 }], []],
      'the statements’ own results, in order',
    );
    t.same(await db.selectFrom('counters').select('n').execute(), [{ n: 1 }]);
    // Kicked after the commit: published without a drain.
    const published = await waitUntil('the event in the stream', async () => {
      const contents = await streamContents(bus);
      return contents.length === 1 ? contents : undefined;
    });
    t.equal(published[0]!.eventId, event.id);
    t.equal(published[0]!.subject, 'guild.4242.ticket.opened');
  },
);

t.test('outbox.commit – several events across guilds are published in the order given', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger());
  t.teardown(() => outbox.relay.stop());
  const events = [opened('7', 1), opened('3', 1), opened('7', 2)];
  await outbox.commit(
    events.map((e, i) => db.insertInto('items').values({ event_id: e.id, guild_id: 'g', n: i })),
    emitting(...events),
  );
  await outbox.relay.drain();
  t.same(
    (await streamContents(bus)).map((c) => c.eventId),
    events.map((e) => e.id),
  );
  t.equal((await db.selectFrom('outbox').select('id').execute()).length, 0, 'the outbox is empty');
});

t.test('outbox.commit – a failing statement: its own error, no state, no outbox row, no event', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger());
  t.teardown(() => outbox.relay.stop());
  await sql`insert into counters values ('1', 1)`.execute(db);
  for (const count of [1, 2]) {
    const events = Array.from({ length: count }, (_, i) => opened('1', i + 2));
    await t.rejects(
      outbox.commit(
        [
          db.insertInto('items').values({ event_id: events[0]!.id, guild_id: '1', n: 2 }),
          sql`insert into counters values ('1', 2)`.compile(db),
        ],
        emitting(...events),
      ),
      { code: '23505', message: /counters_pkey/ },
      `with ${count} event(s): the duplicate key, not the aborted transaction after it`,
    );
  }
  await outbox.relay.drain();
  t.equal((await db.selectFrom('items').select('n').execute()).length, 0, 'the insert before it was undone');
  t.equal((await db.selectFrom('outbox').select('id').execute()).length, 0);
  t.equal((await streamContents(bus)).length, 0, 'nothing published');
  t.equal(await openTransactions(db), 0, 'no connection left inside a transaction');
});

t.test('outbox.commit – without events it commits the statements and publishes nothing', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger());
  t.teardown(() => outbox.relay.stop());
  await outbox.commit([sql`insert into counters values ('9', 1)`.compile(db)]);
  await outbox.relay.drain();
  t.same(await db.selectFrom('counters').select('n').execute(), [{ n: 1 }]);
  t.equal((await streamContents(bus)).length, 0);
});

t.test('outbox.commit – an emit callback that throws sends nothing', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger());
  t.teardown(() => outbox.relay.stop());
  await t.rejects(
    outbox.commit([sql`insert into counters values ('9', 1)`.compile(db)], () => {
      throw new Error('no event for this');
    }),
    /no event for this/,
  );
  t.same(await db.selectFrom('counters').select('n').execute(), [], 'the statement was not run');
  t.equal(await openTransactions(db), 0);
});

t.test('outbox.commit – waits for the guild’s order lock like transaction() does', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger());
  t.teardown(() => outbox.relay.stop());
  for (const count of [1, 2]) {
    const holder = await holdGuildOrderLock(db, '5');
    let done = false;
    const events = Array.from({ length: count }, (_, i) => opened('5', i));
    const write = outbox.commit([], emitting(...events)).then(() => {
      done = true;
    });
    await oneWaitsForALock(db, `the ${count}-event commit`);
    t.equal(done, false, `${count} event(s): not committed while the other writer holds the lock`);
    await holder.release();
    await write;
  }
  await outbox.relay.drain();
  t.equal((await streamContents(bus)).length, 3);
});

t.test('outbox.commit – over a Kysely not made by createDb, the same outcome', async (t) => {
  const bus = await busForTest(t);
  const { url } = await dbForTest(t);
  const plain = plainKysely(t, url);
  const outbox = createOutbox(plain, bus, testLogger());
  t.teardown(() => outbox.relay.stop());
  const [a, b] = [opened('8', 1), opened('8', 2)];
  await outbox.commit(
    [plain.insertInto('items').values({ event_id: a.id, guild_id: '8', n: 1 })],
    emitting(a),
  );
  await t.rejects(
    outbox.commit([plain.insertInto('items').values({ event_id: a.id, guild_id: '8', n: 2 })], emitting(b)),
    { code: '23505' },
  );
  await outbox.relay.drain();
  t.same(
    (await streamContents(bus)).map((c) => c.eventId),
    [a.id],
  );
  t.equal(await openTransactions(plain), 0);
});
