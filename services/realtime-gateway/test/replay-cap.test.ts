import t from 'tap';
import {
  chainProblems,
  consumeThenDrop,
  natsForTest,
  publishOpened,
  type RawClient,
  rawClient,
  startGateway,
  tokenFor,
} from './fixtures.js';

const staff = () => tokenFor('500', { '42': 'staff' });
const clients = 5;

/** Reads `read` on every turn of the event loop until stopped; resolves with the largest value. */
function sampleMax(read: () => Promise<number>): { stop(): Promise<number> } {
  let running = true;
  let max = 0;
  const loop = (async () => {
    while (running) {
      max = Math.max(max, await read());
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return max;
    },
  };
}

t.test(
  'replay – at most RT_MAX_CONCURRENT_REPLAYS stream replays run at once, the rest wait and still complete without gaps',
  async (t) => {
    const { nats, bus } = await natsForTest(t);
    // Three events per guild in memory: a 30-event gap has to come from the stream.
    const gw = await startGateway(t, nats, { historyEventsPerGuild: 3, maxConcurrentReplays: 1 });

    const { seq: cursorSeq, epoch } = await consumeThenDrop(t, gw.url, staff(), () =>
      publishOpened(bus, '42'),
    );

    const missed: number[] = [];
    for (let i = 0; i < 30; i++) {
      missed.push(await publishOpened(bus, '42'));
      await publishOpened(bus, '43');
    }
    const resuming: RawClient[] = [];
    for (let i = 0; i < clients; i++) {
      const client = await rawClient(t, gw.url, staff());
      await client.next((f) => f.op === 'authenticated');
      resuming.push(client);
    }

    const active = sampleMax(() => gw.metric('realtime_stream_replays_active'));
    for (const client of resuming)
      client.send({ op: 'subscribe', guildId: '42', since: { seq: cursorSeq, epoch } });
    await Promise.all(resuming.map((c) => c.next((f) => f.op === 'event' && f.seq === missed.at(-1))));
    const maxActive = await active.stop();

    t.equal(maxActive, 1, 'replays ran, never more than one at a time');
    t.equal(
      await gw.metric('realtime_resumes_total', { source: 'stream' }),
      clients,
      'every resume used the stream',
    );
    t.equal(await gw.metric('realtime_stream_replays_active'), 0, 'every slot released');
    for (const [i, client] of resuming.entries()) {
      t.match(
        client.frames.find((f) => f.op === 'subscribed'),
        { recovered: true },
        `client ${i}`,
      );
      const got = client.events('42');
      t.same(
        got.map((e) => e.seq),
        missed,
        `client ${i}: the whole gap once and in order`,
      );
      t.same(chainProblems(got, cursorSeq), [], `client ${i}: unbroken chain`);
    }
  },
);
