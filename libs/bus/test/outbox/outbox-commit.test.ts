import { ticketEvents } from '@guildwire/contracts';
import { waitUntil } from '@guildwire/testkit';
import { sql } from 'kysely';
import t from 'tap';
import { createOutbox, type EmitEvent } from '../../src/index.js';
import {
  busForTest,
  dbForTest,
  holdGuildOrderLock,
  oneWaitsForALock,
  openedEvent,
  openTransactions,
  streamContents,
  testLogger,
} from '../fixtures.js';

// outbox.commit: one data-modifying statement and its events, known up front, as one statement.

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

t.test('outbox.commit – the statement and its event commit together; the relay publishes it', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger());
  outbox.relay.start();
  t.teardown(() => outbox.relay.stop());
  const event = opened('4242', 1);
  const rows = await outbox.commit(
    db.insertInto('items').values({ event_id: event.id, guild_id: '4242', n: 1 }).returning('n'),
    emitting(event),
  );
  t.same(rows, [{ n: 1 }], 'the statement’s returned rows');
  t.same(await db.selectFrom('items').select('n').execute(), [{ n: 1 }]);
  // Kicked after the commit: published without a drain.
  const published = await waitUntil('the event in the stream', async () => {
    const contents = await streamContents(bus);
    return contents.length === 1 ? contents : undefined;
  });
  t.equal(published[0]!.eventId, event.id);
  t.equal(published[0]!.subject, 'guild.4242.ticket.opened');
});

t.test('outbox.commit – several events across guilds are published in the order given', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger());
  t.teardown(() => outbox.relay.stop());
  const events = [opened('7', 1), opened('3', 1), opened('7', 2)];
  await outbox.commit(
    db
      .insertInto('items')
      .values(events.map((e, i) => ({ event_id: e.id, guild_id: 'g', n: i })))
      .returning('n'),
    emitting(...events),
  );
  await outbox.relay.drain();
  const contents = await streamContents(bus);
  t.same(
    contents.filter((c) => c.subject.startsWith('guild.7.')).map((c) => c.eventId),
    [events[0]!.id, events[2]!.id],
    'one guild’s events in emit order',
  );
  t.equal(contents.length, 3);
  t.equal((await db.selectFrom('outbox').select('id').execute()).length, 0, 'the outbox is empty');
});

t.test('outbox.commit – a failing statement: its own error, no state, no outbox row, no event', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger());
  t.teardown(() => outbox.relay.stop());
  await sql`insert into counters values ('1', 1)`.execute(db);
  for (const count of [0, 1, 2]) {
    const events = Array.from({ length: count }, (_, i) => opened('1', i + 2));
    await t.rejects(
      outbox.commit(
        db
          .insertInto('counters')
          .values([
            { guild_id: '2', n: 1 },
            { guild_id: '1', n: 2 },
          ])
          .returning('n'),
        emitting(...events),
      ),
      { code: '23505', message: /counters_pkey/ },
      `with ${count} event(s): the duplicate key`,
    );
  }
  await outbox.relay.drain();
  t.same(
    await db.selectFrom('counters').select('guild_id').execute(),
    [{ guild_id: '1' }],
    'nothing written',
  );
  t.equal((await db.selectFrom('outbox').select('id').execute()).length, 0);
  t.equal((await streamContents(bus)).length, 0, 'nothing published');
  t.equal(await openTransactions(db), 0, 'no connection left inside a transaction');
});

t.test('outbox.commit – a statement that returns no row writes no event', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger());
  t.teardown(() => outbox.relay.stop());
  await sql`insert into counters values ('1', 1)`.execute(db);
  const rows = await outbox.commit(
    db
      .insertInto('counters')
      .values({ guild_id: '1', n: 5 })
      .onConflict((oc) => oc.doNothing())
      .returning('n'),
    emitting(opened('1', 2)),
  );
  t.same(rows, []);
  await outbox.relay.drain();
  t.equal((await db.selectFrom('outbox').select('id').execute()).length, 0, 'no outbox row');
  t.equal((await streamContents(bus)).length, 0);
});

t.test('outbox.commit – without events it runs the statement and publishes nothing', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger());
  t.teardown(() => outbox.relay.stop());
  await outbox.commit(db.insertInto('counters').values({ guild_id: '9', n: 1 }));
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
    outbox.commit(db.insertInto('counters').values({ guild_id: '9', n: 1 }).returning('n'), () => {
      throw new Error('no event for this');
    }),
    /no event for this/,
  );
  t.same(await db.selectFrom('counters').select('n').execute(), [], 'the statement was not run');
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
    const write = outbox
      .commit(
        db
          .insertInto('items')
          .values(events.map((e, i) => ({ event_id: e.id, guild_id: '5', n: i })))
          .returning('n'),
        emitting(...events),
      )
      .then(() => {
        done = true;
      });
    await oneWaitsForALock(db, `the ${count}-event commit`);
    t.equal(done, false, `${count} event(s): not committed while the other writer holds the lock`);
    const visible = await db.selectFrom('items').select('n').execute();
    t.equal(visible.length, count - 1, 'its change is not visible yet');
    await holder.release();
    await write;
  }
  await outbox.relay.drain();
  t.equal((await streamContents(bus)).length, 3);
});

t.test('outbox.commit and transaction() on the same rows of one guild do not deadlock', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger());
  outbox.relay.start();
  t.teardown(() => outbox.relay.stop());
  await sql`insert into counters values ('1', 0)`.execute(db);
  // Both take the counter's row lock before the guild's order lock; in the opposite order, a
  // commit and a transaction would each wait for the other.
  const bump = (i: number) =>
    i % 2 === 0
      ? outbox.commit(
          db
            .updateTable('counters')
            .set((eb) => ({ n: eb('n', '+', 1) }))
            .where('guild_id', '=', '1')
            .returning('n'),
          emitting(opened('1', i)),
        )
      : outbox.transaction(async (trx, emit) => {
          await trx
            .updateTable('counters')
            .set((eb) => ({ n: eb('n', '+', 1) }))
            .where('guild_id', '=', '1')
            .execute();
          await sql`select pg_sleep(0.001)`.execute(trx);
          emit(ticketEvents.opened, opened('1', i).event);
        });
  await Promise.all(
    Array.from({ length: 6 }, async (_, w) => {
      for (let i = 0; i < 20; i++) await bump(w + 6 * i);
    }),
  );
  await outbox.relay.drain();
  t.same(await db.selectFrom('counters').select('n').execute(), [{ n: 120 }]);
  t.equal((await streamContents(bus)).length, 120, 'every change published its event');
});
