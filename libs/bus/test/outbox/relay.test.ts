import { guildEventsStream } from '@guildwire/contracts';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { createOutbox, ensureStream } from '../../src/index.js';
import { busForTest, dbForTest, streamContents, testLogger, writeItem } from '../fixtures.js';

t.test('relay – backlog, onPublished and onPublishFailed follow what JetStream acked', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  await bus.jsm.streams.delete(bus.streamName(guildEventsStream));
  const published: Array<{ count: number; oldestCreatedAt: Date }> = [];
  const failed: unknown[] = [];
  const outbox = createOutbox(db, bus, testLogger(), {
    publishTimeoutMs: 500,
    onPublished: (batch) => void published.push(batch),
    onPublishFailed: (err) => void failed.push(err),
  });
  t.teardown(() => outbox.relay.stop());
  t.same(await outbox.relay.backlog(), { count: 0, oldestCreatedAt: null });

  const before = Date.now();
  await writeItem(outbox, '5');
  await writeItem(outbox, '6');
  await outbox.relay.drain();
  // Each write kicked a pass of its own: one failure or more.
  t.ok(failed.length >= 1, 'a pass without a stream reports its failure');
  t.ok(failed.every((err) => err instanceof Error));
  t.same(published, [], 'nothing was acked');
  const backlog = await outbox.relay.backlog();
  t.equal(backlog.count, 2);
  // created_at is the database clock; allow for a small skew against this process.
  t.ok(Math.abs(backlog.oldestCreatedAt!.getTime() - before) < 5000, 'the oldest commit time');

  await ensureStream(bus);
  await outbox.relay.drain();
  t.same(
    published.map((b) => b.count),
    [2],
  );
  t.same(published[0]!.oldestCreatedAt, backlog.oldestCreatedAt, 'the oldest event of the batch');
  t.same(await outbox.relay.backlog(), { count: 0, oldestCreatedAt: null });
});

t.test('relay – a failed publish holds back its guild’s later events, not other guilds’', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger(), { publishTimeoutMs: 500 });
  t.teardown(() => outbox.relay.stop());
  await outbox.relay.stop(); // write first, relay afterwards
  const first = await writeItem(outbox, '1');
  const second = await writeItem(outbox, '1');
  const third = await writeItem(outbox, '1');
  const other = await writeItem(outbox, '2');
  // No stream listens on this subject: JetStream answers "no responders" for guild 1's second event.
  await db
    .updateTable('outbox')
    .set({ subject: 'nowhere.1' })
    .where('event_id', '=', second.eventId)
    .execute();

  const relay = createOutbox(db, bus, testLogger(), { publishTimeoutMs: 500 }).relay;
  t.teardown(() => relay.stop());
  await relay.drain();
  t.same(
    new Set((await streamContents(bus)).map((c) => c.eventId)),
    new Set([first.eventId, other.eventId]),
    'guild 1 stopped at its failed event; guild 2 went out',
  );
  const kept = await db.selectFrom('outbox').select('event_id').orderBy('id').execute();
  t.same(
    kept.map((r) => r.event_id),
    [second.eventId, third.eventId],
  );

  await db
    .updateTable('outbox')
    .set({ subject: 'guild.1.ticket.opened' })
    .where('event_id', '=', second.eventId)
    .execute();
  await waitUntil('the held back events to go out', async () => {
    await relay.drain();
    return (await streamContents(bus)).length === 4 ? true : undefined;
  });
  const guild1 = (await streamContents(bus)).filter((c) => c.subject.startsWith('guild.1.')).map((c) => c.n);
  t.same(guild1, [1, 2, 3], 'guild 1 in commit order despite the retry');
});
