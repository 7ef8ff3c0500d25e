import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import {
  chainProblems,
  consumeThenDrop,
  natsForTest,
  publishOpened,
  rawClient,
  startGateway,
  tokenFor,
} from './fixtures.js';

const staff = () => tokenFor('500', { '42': 'staff' });

t.test(
  'history – events older than RT_HISTORY_MAX_AGE_MS are served from the stream, not memory',
  async (t) => {
    const { nats, bus } = await natsForTest(t);
    // The count bounds stay at their defaults (1000 per guild): only age can evict these events.
    const gw = await startGateway(t, nats, { historyMaxAgeMs: 1000 });
    const history = async () => gw.metric('realtime_history_events');

    const { seq: cursorSeq, epoch } = await consumeThenDrop(t, gw.url, staff(), () =>
      publishOpened(bus, '42'),
    );

    const missed: number[] = [];
    for (let i = 0; i < 5; i++) missed.push(await publishOpened(bus, '42'));
    await waitUntil('history holds every event', async () => ((await history()) === 6 ? true : undefined));
    // The age is the thing under test: wait for the gateway's eviction to drop them all.
    await waitUntil('history evicted by age', async () => ((await history()) === 0 ? true : undefined), {
      timeoutMs: 15_000,
    });

    const client = await rawClient(t, gw.url, staff());
    client.send({ op: 'subscribe', guildId: '42', since: { seq: cursorSeq, epoch } });
    t.match(await client.next((f) => f.op === 'subscribed'), { recovered: true, epoch });
    await client.next((f) => f.op === 'event' && f.seq === missed.at(-1));
    const next = await publishOpened(bus, '42');
    await client.next((f) => f.op === 'event' && f.seq === next);
    const got = client.events('42');
    t.same(
      got.map((e) => e.seq),
      [...missed, next],
      'the whole gap once and in order, then live',
    );
    t.same(chainProblems(got, cursorSeq), []);
    t.equal(await gw.metric('realtime_resumes_total', { source: 'stream' }), 1, 'served from the stream');
    t.equal(await gw.metric('realtime_resumes_total', { source: 'memory' }), 0, 'not from memory');
  },
);
