import { guildEventsStream } from '@guildwire/contracts';
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

const staff = () => tokenFor('500', { '42': 'staff', '43': 'staff' });

/** Publishes `count` events to guild 42 (and noise to 43) in the background; returns the 42 seqs. */
function publishInBackground(bus: Parameters<typeof publishOpened>[0], count: number) {
  const seqs: number[] = [];
  const done = (async () => {
    for (let i = 0; i < count; i++) {
      seqs.push(await publishOpened(bus, '42'));
      await publishOpened(bus, '43');
    }
  })();
  return { seqs, done };
}

for (const source of ['memory', 'stream'] as const) {
  t.test(
    `resume – from ${source}: every missed event then live, no gap or duplicate while events keep coming`,
    async (t) => {
      const { nats, bus } = await natsForTest(t);
      // A history of 5 events per guild forces a 40-event gap to come from the stream.
      const gw = await startGateway(t, nats, source === 'stream' ? { historyEventsPerGuild: 5 } : {});
      const cursor = await consumeThenDrop(t, gw.url, staff(), () => publishOpened(bus, '42'), 3);
      const missed: number[] = [];
      for (let i = 0; i < 40; i++) {
        missed.push(await publishOpened(bus, '42'));
        await publishOpened(bus, '43');
      }
      const background = publishInBackground(bus, 150);
      const client = await rawClient(t, gw.url, staff());
      client.send({ op: 'subscribe', guildId: '42', since: cursor });
      const subscribed = await client.next((f) => f.op === 'subscribed');
      t.match(subscribed, { recovered: true, epoch: cursor.epoch });
      await background.done;
      const last = background.seqs.at(-1)!;
      await client.next((f) => f.op === 'event' && f.seq === last);
      const got = client.events('42');
      t.same(
        got.map((e) => e.seq),
        [...missed, ...background.seqs],
        'every event after the cursor, once, in order',
      );
      t.same(chainProblems(got, cursor.seq), []);
      t.equal(client.events('43').length, 0, 'nothing of the other guild');
      t.equal(await gw.metric('realtime_resumes_total', { source }), 1, `served from ${source}`);
    },
  );
}

t.test('resume – a gap older than retention answers recovered:false and continues live', async (t) => {
  const { nats, bus } = await natsForTest(t, { maxMsgs: 20 });
  const gw = await startGateway(t, nats, { historyEventsPerGuild: 5 });
  const cursor = await consumeThenDrop(t, gw.url, staff(), () => publishOpened(bus, '42'), 2);
  for (let i = 0; i < 30; i++) await publishOpened(bus, '42');
  const client = await rawClient(t, gw.url, staff());
  client.send({ op: 'subscribe', guildId: '42', since: cursor });
  const subscribed = (await client.next((f) => f.op === 'subscribed')) as {
    head: number;
    recovered: boolean;
  };
  t.equal(subscribed.recovered, false);
  const next = await publishOpened(bus, '42');
  const event = await client.next((f) => f.op === 'event');
  t.match(event, { seq: next, prev: subscribed.head }, 'live from the head; prev is the head');
  t.equal(client.events('42').length, 1, 'no stale replay');
  t.equal(await gw.metric('realtime_resume_unrecovered_total', { reason: 'retention' }), 1);
});

t.test('resume – a purged stream answers recovered:false', async (t) => {
  const { nats, bus } = await natsForTest(t);
  const gw = await startGateway(t, nats, { historyEventsPerGuild: 2 });
  const cursor = await consumeThenDrop(t, gw.url, staff(), () => publishOpened(bus, '42'), 2);
  for (let i = 0; i < 10; i++) await publishOpened(bus, '42');
  await bus.jsm.streams.purge(bus.streamName(guildEventsStream));
  const client = await rawClient(t, gw.url, staff());
  client.send({ op: 'subscribe', guildId: '42', since: cursor });
  t.match(await client.next((f) => f.op === 'subscribed'), { recovered: false });
});

t.test(
  'resume – a recreated stream (new epoch) answers recovered:false, live or after a restart',
  async (t) => {
    const { nats, bus } = await natsForTest(t);
    const gw = await startGateway(t, nats, { epochCheckMs: 50 });
    const live = await rawClient(t, gw.url, staff());
    live.send({ op: 'subscribe', guildId: '42' });
    const first = (await live.next((f) => f.op === 'subscribed')) as { epoch: string };
    const cursor = await consumeThenDrop(t, gw.url, staff(), () => publishOpened(bus, '42'), 3);
    const stream = bus.streamName(guildEventsStream);
    await bus.jsm.streams.delete(stream);
    const { ensureStream } = await import('@guildwire/bus');
    await ensureStream(bus);
    // The connected client is told: an unsolicited subscribed with the new epoch.
    const resync = (await live.next((f) => f.op === 'subscribed' && f.epoch !== first.epoch)) as {
      recovered: boolean;
      head: number;
    };
    t.equal(resync.recovered, false);
    const seq = await publishOpened(bus, '42');
    t.equal(seq, 1, 'the new stream starts over');
    t.match(await live.next((f) => f.op === 'event' && f.seq === 1), { prev: resync.head });
    // A client resuming with the old epoch, on this gateway and on a freshly started one.
    const gw2 = await startGateway(t, nats);
    for (const url of [gw.url, gw2.url]) {
      const client = await rawClient(t, url, staff());
      client.send({ op: 'subscribe', guildId: '42', since: cursor });
      t.match(await client.next((f) => f.op === 'subscribed'), { recovered: false }, url);
    }
    await waitUntil('metric', async () =>
      (await gw.metric('realtime_resume_unrecovered_total', { reason: 'epoch' })) >= 2 ? true : undefined,
    );
  },
);

t.test('resume – a cursor beyond the stream head answers recovered:false and skips nothing', async (t) => {
  const { nats, bus } = await natsForTest(t);
  const gw = await startGateway(t, nats);
  const cursor = await consumeThenDrop(t, gw.url, staff(), () => publishOpened(bus, '42'), 2);
  const client = await rawClient(t, gw.url, staff());
  client.send({ op: 'subscribe', guildId: '42', since: { seq: cursor.seq + 1000, epoch: cursor.epoch } });
  const subscribed = (await client.next((f) => f.op === 'subscribed')) as {
    head: number;
    recovered: boolean;
  };
  t.equal(subscribed.recovered, false, 'a seq the stream never stored is no position to resume from');
  t.equal(subscribed.head, cursor.seq);
  const next = await publishOpened(bus, '42');
  t.match(
    await client.next((f) => f.op === 'event'),
    { seq: next, prev: subscribed.head },
    'live from the head',
  );
  t.equal(await gw.metric('realtime_resume_unrecovered_total', { reason: 'cursor_ahead' }), 1);
});
