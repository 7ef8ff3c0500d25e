import { guildEventsFilter, ticketEvents } from '@guildwire/contracts';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import {
  consumeDurable,
  publishEvent,
  type ReceivedEvent,
  readOrdered,
  TerminalHandlerError,
} from '../../src/index.js';
import { busForTest, openedEvent } from '../fixtures.js';

function collector() {
  const seen: ReceivedEvent[] = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    seen,
    push(e: ReceivedEvent) {
      seen.push(e);
      for (const w of waiters) if (seen.length >= w.n) w.resolve();
    },
    until(n: number) {
      return seen.length >= n
        ? Promise.resolve()
        : new Promise<void>((resolve) => waiters.push({ n, resolve }));
    },
  };
}

t.test('durable – events arrive decoded through the registry, in order, and are acked', async (t) => {
  const bus = await busForTest(t);
  const got = collector();
  const consumer = await consumeDurable(bus, { durable: 'test', handler: async (e) => got.push(e) });
  t.teardown(() => consumer.stop());
  for (let i = 1; i <= 5; i++) await publishEvent(bus, ticketEvents.opened, openedEvent('4242', i));
  await got.until(5);
  t.same(
    got.seen.map((e) => (e.message as { ticket: { number: number } }).ticket.number),
    [1, 2, 3, 4, 5],
  );
  t.equal(got.seen[0]?.def, ticketEvents.opened);
  t.equal(got.seen[0]?.guildId, '4242');
  t.equal(got.seen[0]?.subject, 'guild.4242.ticket.opened');
  // The ack follows the handler's promise, so the last one may still be on its way: wait for it
  // (a consumer that never acks times out here).
  const stream = bus.streamName({ name: 'GUILD_EVENTS', subjects: [] });
  const pending = await waitUntil('every event acked', async () => {
    const info = await bus.jsm.consumers.info(stream, 'test');
    return info.num_ack_pending === 0 ? info.num_ack_pending : undefined;
  });
  t.equal(pending, 0, 'everything acked');
});

t.test(
  'durable – an undecodable payload is terminated and logged, and the next event still flows',
  async (t) => {
    const lines: string[] = [];
    const bus = await busForTest(t, 'bus-test', lines);
    const got = collector();
    const consumer = await consumeDurable(bus, { durable: 'test', handler: async (e) => got.push(e) });
    t.teardown(() => consumer.stop());
    await bus.js.publish(bus.wire('guild.4242.ticket.opened'), new Uint8Array([0xff, 0xff, 0xff]));
    await bus.js.publish(bus.wire('guild.4242.nothing.known'), new Uint8Array([1]));
    await publishEvent(bus, ticketEvents.opened, openedEvent('4242', 7));
    await got.until(1);
    t.equal(got.seen.length, 1);
    t.equal((got.seen[0]!.message as { ticket: { number: number } }).ticket.number, 7);
    const logged = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'terminating undecodable event');
    t.equal(logged.length, 2);
    t.equal(logged[0].seq, 1);
    t.match(logged[0].reason, /TicketOpened/);
  },
);

t.test('durable – a transient failure is retried; a terminal one is not', async (t) => {
  const bus = await busForTest(t);
  const attempts = new Map<number, number>();
  const got = collector();
  const consumer = await consumeDurable(bus, {
    durable: 'retry',
    retryDelayMs: 20,
    handler: async (e) => {
      const n = (e.message as { ticket: { number: number } }).ticket.number;
      attempts.set(n, (attempts.get(n) ?? 0) + 1);
      if (n === 1 && attempts.get(n)! < 3) throw new Error('database briefly away');
      if (n === 2) throw new TerminalHandlerError('can never work');
      got.push(e);
    },
  });
  t.teardown(() => consumer.stop());
  await publishEvent(bus, ticketEvents.opened, openedEvent('1', 1));
  await publishEvent(bus, ticketEvents.opened, openedEvent('1', 2));
  await publishEvent(bus, ticketEvents.opened, openedEvent('1', 3));
  await got.until(2);
  t.equal(attempts.get(1), 3, 'retried until it worked');
  t.equal(attempts.get(2), 1, 'terminal failure tried once');
  t.same(got.seen.map((e) => (e.message as { ticket: { number: number } }).ticket.number).sort(), [1, 3]);
});

t.test('ordered – a read from a sequence replays one guild in order, then follows live', async (t) => {
  const bus = await busForTest(t);
  for (let i = 1; i <= 4; i++) {
    await publishEvent(bus, ticketEvents.opened, openedEvent('10', i));
    await publishEvent(bus, ticketEvents.opened, openedEvent('20', i));
  }
  const got = collector();
  const reader = await readOrdered(bus, {
    filter: guildEventsFilter('10'),
    startSeq: 3,
    onEvent: (e) => got.push(e),
  });
  t.teardown(() => reader.stop());
  await got.until(3);
  await publishEvent(bus, ticketEvents.opened, openedEvent('20', 5));
  await publishEvent(bus, ticketEvents.opened, openedEvent('10', 5));
  await got.until(4);
  t.same(
    got.seen.map((e) => e.seq),
    [3, 5, 7, 10],
  );
  t.ok(got.seen.every((e) => e.guildId === '10'));
});

t.test(
  'ordered – an undecodable message is reported with its seq and skipped; done settles on stop',
  async (t) => {
    const bus = await busForTest(t);
    await bus.js.publish(bus.wire('guild.10.ticket.opened'), new Uint8Array([0xff, 0xff, 0xff]));
    await publishEvent(bus, ticketEvents.opened, openedEvent('10', 1));
    const got = collector();
    const invalid: number[] = [];
    const reader = await readOrdered(bus, {
      filter: guildEventsFilter('10'),
      startSeq: 1,
      maxMessages: 8,
      onEvent: (e) => got.push(e),
      onInvalid: (err) => invalid.push(err.seq),
    });
    await got.until(1);
    t.same(invalid, [1]);
    t.same(
      got.seen.map((e) => e.seq),
      [2],
    );
    await reader.stop();
    await reader.done;
    t.pass('done settled after stop');
  },
);
