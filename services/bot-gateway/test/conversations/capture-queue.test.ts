import { setTimeout as sleep } from 'node:timers/promises';
import { type Bus, bindCommand, serveCommands } from '@guildwire/bus';
import { MessageChange, type RecordMessageRequest, ticketCommands } from '@guildwire/contracts';
import { validationError } from '@guildwire/errors';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { capturePartition, openCaptureQueue } from '../../src/conversations/capture-queue.js';
import { botBus, silent, type Tap } from '../fixtures.js';

const ticketId = '0190c1d2-0000-7000-8000-000000000001';
let seq = 0;
/** A captured create of a new message in `channelId` (ids increase across the file). */
const capture = (channelId: string) => ({
  guildId: '4242',
  ticketId,
  change: MessageChange.CREATED,
  message: { id: String(1_000_000 + ++seq), channelId, content: `m${seq}` },
});

/**
 * A stand-in for the ticket service's cmd.ticket.record_message: keeps what it answered in order,
 * takes a little time per message (so forwards overlap when they can), counts forwards in flight.
 * `refuse` may throw for a request (an error = a 5xx to the bot, a GW_ERR_VALIDATION a 4xx).
 */
async function recorder(t: Tap, bus: Bus, refuse: (req: RecordMessageRequest) => void = () => {}) {
  const answered: RecordMessageRequest[] = [];
  const attempts = new Map<string, number>();
  let inFlight = 0;
  let maxInFlight = 0;
  const server = await serveCommands(bus, { name: 'ticket', version: '0.0.0' }, [
    bindCommand(ticketCommands.recordMessage, async (req) => {
      const id = req.message?.id ?? '';
      attempts.set(id, (attempts.get(id) ?? 0) + 1);
      inFlight += 1;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await sleep(5);
        refuse(req);
        answered.push(req);
        return { applied: true };
      } finally {
        inFlight -= 1;
      }
    }),
  ]);
  t.teardown(() => server.stop());
  return { answered, attempts, maxInFlight: () => maxInFlight };
}

async function queue(t: Tap, bus: Bus, partitions: number) {
  const q = await openCaptureQueue({ bus, logger: silent, commandTimeoutMs: 5000, partitions });
  t.teardown(() => q.stop());
  return q;
}

const byChannel = (list: readonly RecordMessageRequest[]) => {
  const out = new Map<string, string[]>();
  for (const r of list) {
    const c = r.message?.channelId ?? '';
    out.set(c, [...(out.get(c) ?? []), r.message?.id ?? '']);
  }
  return out;
};

t.test('capture queue – channels are forwarded in parallel, each in capture order, bounded', async (t) => {
  const bus = await botBus(t);
  const record = await recorder(t, bus);
  const q = await queue(t, bus, 4);
  const published: ReturnType<typeof capture>[] = [];
  // 12 channels × 10 messages, interleaved as a busy guild would capture them.
  for (let i = 0; i < 10; i++)
    for (let c = 0; c < 12; c++) {
      const one = capture(String(9000 + c));
      published.push(one);
      await q.publish(one);
    }
  await q.startForwarding();
  await waitUntil('every message forwarded', async () => (record.answered.length >= 120 ? true : undefined), {
    timeoutMs: 30_000,
  });
  const expected = new Map<string, string[]>();
  for (const p of published)
    expected.set(p.message.channelId, [...(expected.get(p.message.channelId) ?? []), p.message.id]);
  t.same(byChannel(record.answered), expected, 'each channel in the order captured, each message once');
  t.ok(record.maxInFlight() > 1, `forwards overlapped (${record.maxInFlight()} at once)`);
  t.ok(record.maxInFlight() <= 4, 'never more in flight than partitions');
});

t.test('capture queue – two replicas forwarding together keep each channel in order', async (t) => {
  const bus = await botBus(t);
  const record = await recorder(t, bus);
  const [a, b] = [await queue(t, bus, 4), await queue(t, bus, 4)];
  const published: ReturnType<typeof capture>[] = [];
  for (let i = 0; i < 8; i++)
    for (let c = 0; c < 10; c++) {
      const one = capture(String(9100 + c));
      published.push(one);
      await (i % 2 === 0 ? a : b).publish(one);
    }
  await Promise.all([a.startForwarding(), b.startForwarding()]);
  await waitUntil('every message forwarded', async () => (record.answered.length >= 80 ? true : undefined), {
    timeoutMs: 30_000,
  });
  const expected = new Map<string, string[]>();
  for (const p of published)
    expected.set(p.message.channelId, [...(expected.get(p.message.channelId) ?? []), p.message.id]);
  t.same(byChannel(record.answered), expected);
});

t.test(
  'capture queue – a message that keeps failing is retried in order, while the other channels go on',
  async (t) => {
    const bus = await botBus(t);
    // Two channels in different partitions.
    const stuck = '9200';
    const other = ['9201', '9202', '9203', '9204', '9205'].find(
      (c) => capturePartition(c, 4) !== capturePartition(stuck, 4),
    )!;
    const otherCount = 5;
    const record = await recorder(t, bus, (req) => {
      // The stuck channel's first message fails (a 5xx) until every message of the other channel
      // has gone through: if the failure held the other channel up, it would fail forever.
      const othersDone = record.answered.filter((r) => r.message?.channelId === other).length;
      if (req.message?.channelId === stuck && othersDone < otherCount)
        throw new Error('the ticket service is having a bad moment');
    });
    const q = await queue(t, bus, 4);
    const stuckOnes = [capture(stuck), capture(stuck), capture(stuck)];
    for (const one of stuckOnes) await q.publish(one);
    const otherOnes = Array.from({ length: otherCount }, () => capture(other));
    for (const one of otherOnes) await q.publish(one);
    await q.startForwarding();
    await waitUntil('both channels forwarded', async () => (record.answered.length >= 8 ? true : undefined), {
      timeoutMs: 30_000,
    });
    const channels = byChannel(record.answered);
    t.same(
      channels.get(stuck),
      stuckOnes.map((m) => m.message.id),
      'the stuck channel, in order, each once',
    );
    t.same(
      channels.get(other),
      otherOnes.map((m) => m.message.id),
    );
    t.ok((record.attempts.get(stuckOnes[0]!.message.id) ?? 0) > 1, 'its first message was retried');
    t.equal(record.answered.at(-1)?.message?.channelId, stuck, 'the other channel finished first');
  },
);

t.test('capture queue – a refused message is dropped, not retried, and its channel goes on', async (t) => {
  const bus = await botBus(t);
  const record = await recorder(t, bus, (req) => {
    if (req.message?.content === 'bad')
      throw validationError([{ field: '/message/content', message: 'is not a Discord message' }]);
  });
  const q = await queue(t, bus, 2);
  const bad = { ...capture('9300'), message: { ...capture('9300').message, content: 'bad' } };
  const next = capture('9300');
  await q.publish(bad);
  await q.publish(next);
  await q.startForwarding();
  await waitUntil('the next one forwarded', async () =>
    record.answered.some((r) => r.message?.id === next.message.id) ? true : undefined,
  );
  t.equal(record.attempts.get(bad.message.id), 1, 'asked once');
  t.notOk(record.answered.some((r) => r.message?.id === bad.message.id));
});

t.test('capture partition – stable per channel, spread over the partitions', async (t) => {
  t.equal(capturePartition('123456789012345678', 16), capturePartition('123456789012345678', 16));
  const used = new Set(Array.from({ length: 200 }, (_, i) => capturePartition(String(10_000 + i), 16)));
  t.equal(used.size, 16, '200 channels use every one of 16 partitions');
});
