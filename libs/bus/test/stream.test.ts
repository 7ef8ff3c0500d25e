import { guildEventsStream, ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { ensureStream, publishEvent, streamSummary } from '../src/index.js';
import { busForTest, openedEvent, secondBus, streamContents } from './fixtures.js';

t.test('stream – ensureStream is idempotent and applies the configured limits', async (t) => {
  const bus = await busForTest(t);
  const other = await secondBus(t, bus);
  await Promise.all([
    ensureStream(bus),
    ensureStream(other),
    ensureStream(bus, { maxAgeMs: 3_600_000, duplicateWindowMs: 180_000 }),
  ]);
  const summary = await ensureStream(bus, { maxAgeMs: 3_600_000, duplicateWindowMs: 180_000, maxMsgs: 1000 });
  const info = await bus.jsm.streams.info(summary.name);
  t.equal(info.config.name, bus.streamName(guildEventsStream));
  t.same(info.config.subjects, [bus.wire('guild.>')]);
  t.equal(info.config.max_age, 3_600_000 * 1e6);
  t.equal(info.config.duplicate_window, 180_000 * 1e6);
  t.equal(info.config.max_msgs, 1000);
  t.equal(info.config.storage, 'file');
  const again = await streamSummary(bus);
  t.equal(again.created, summary.created, 'the stream was updated, not recreated');
});

t.test('stream – a re-published event id is stored once (Nats-Msg-Id dedup)', async (t) => {
  const bus = await busForTest(t);
  const event = openedEvent('4242', 1);
  const first = await publishEvent(bus, ticketEvents.opened, event);
  const second = await publishEvent(bus, ticketEvents.opened, event);
  t.equal(first.duplicate, false);
  t.equal(second.duplicate, true);
  t.equal(second.seq, first.seq);
  const contents = await streamContents(bus);
  t.equal(contents.length, 1);
  t.equal(contents[0]?.subject, 'guild.4242.ticket.opened');
});

t.test('stream – an event without meta is refused before it reaches the wire', async (t) => {
  const bus = await busForTest(t);
  const event = openedEvent('4242', 1);
  event.meta = undefined;
  await t.rejects(publishEvent(bus, ticketEvents.opened, event), /needs meta/);
});
