import { guildEventsStream, ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { encodeEvent } from '../../src/index.js';
import { type BatchItem, BatchPublisher } from '../../src/outbox/batch-publisher.js';
import { busForTest, openedEvent, streamContents } from '../fixtures.js';

type Bus = Awaited<ReturnType<typeof busForTest>>;

function items(bus: Bus, guildId: string, ns: number[]): BatchItem[] {
  return ns.map((n) => {
    const e = encodeEvent(ticketEvents.opened, openedEvent(guildId, n));
    return { subject: bus.wire(e.subject), payload: e.payload, msgId: e.eventId };
  });
}

t.test('batch publish – every message acked, stored in the given order', async (t) => {
  const bus = await busForTest(t);
  const publisher = new BatchPublisher(bus.nc);
  t.teardown(() => publisher.close());
  const outcomes = await publisher.publishAll(items(bus, '1', [1, 2, 3, 4, 5]), 5000);
  t.same(
    outcomes.map((o) => o.ok && o.seq),
    [1, 2, 3, 4, 5],
    'one ack per message with its stream sequence',
  );
  t.same(
    (await streamContents(bus)).map((c) => c.n),
    [1, 2, 3, 4, 5],
  );
  t.same(await publisher.publishAll([], 100), [], 'an empty batch answers at once');
});

t.test('batch publish – a repeated message id is acked as a duplicate and stored once', async (t) => {
  const bus = await busForTest(t);
  const publisher = new BatchPublisher(bus.nc);
  t.teardown(() => publisher.close());
  const [first] = items(bus, '2', [1]);
  const outcomes = await publisher.publishAll([first!, first!], 5000);
  t.match(outcomes, [
    { ok: true, duplicate: false },
    { ok: true, duplicate: true },
  ]);
  t.equal((await streamContents(bus)).length, 1);
});

t.test('batch publish – without the stream every message fails fast (no responders)', async (t) => {
  const bus = await busForTest(t);
  await bus.jsm.streams.delete(bus.streamName(guildEventsStream));
  const publisher = new BatchPublisher(bus.nc);
  t.teardown(() => publisher.close());
  const started = Date.now();
  const outcomes = await publisher.publishAll(items(bus, '3', [1, 2]), 30_000);
  t.ok(Date.now() - started < 30_000, 'answered by the server, not by the timeout');
  t.match(outcomes, [
    { ok: false, error: { message: /503/ } },
    { ok: false, error: { message: /503/ } },
  ]);
});

t.test('batch publish – a message JetStream refuses fails with its reason', async (t) => {
  const bus = await busForTest(t);
  await bus.jsm.streams.add({
    name: `${bus.namespace}SMALL`,
    subjects: [bus.wire('small.>')],
    max_msg_size: 2048,
  });
  const publisher = new BatchPublisher(bus.nc);
  t.teardown(() => publisher.close());
  const outcomes = await publisher.publishAll(
    [
      { subject: bus.wire('small.a'), payload: new Uint8Array(8), msgId: 'fits' },
      { subject: bus.wire('small.b'), payload: new Uint8Array(8192), msgId: 'too-big' },
    ],
    5000,
  );
  t.match(outcomes, [{ ok: true }, { ok: false, error: { message: /refused/ } }]);
});

t.test(
  'batch publish – an unanswered message fails at the timeout, answered ones keep their ack',
  async (t) => {
    const bus = await busForTest(t);
    // A plain subscriber takes the request but never answers: no ack, no "no responders".
    const silent = bus.nc.subscribe(bus.wire('silent.x'));
    t.teardown(() => silent.unsubscribe());
    const publisher = new BatchPublisher(bus.nc);
    t.teardown(() => publisher.close());
    const [ok] = items(bus, '4', [1]);
    const outcomes = await publisher.publishAll(
      [ok!, { subject: bus.wire('silent.x'), payload: new Uint8Array(1), msgId: 'lost' }],
      300,
    );
    t.match(outcomes, [{ ok: true }, { ok: false, error: { message: /within 300 ms/ } }]);
  },
);

t.test('batch publish – after close no ack is heard: the batch ends at its timeout', async (t) => {
  const bus = await busForTest(t);
  const publisher = new BatchPublisher(bus.nc);
  publisher.close();
  const outcomes = await publisher.publishAll(items(bus, '5', [1]), 300);
  t.match(outcomes, [{ ok: false, error: { message: /within 300 ms/ } }]);
  t.equal((await streamContents(bus)).length, 1, 'JetStream stored it; only the ack went unheard');
  await bus.close();
  t.doesNotThrow(() => publisher.close(), 'closing again, on a closed connection, is harmless');
});
