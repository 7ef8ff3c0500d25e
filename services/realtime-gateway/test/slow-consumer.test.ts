import { closeCodes } from '@guildwire/realtime-client/protocol';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { chainProblems, natsForTest, publishComment, rawClient, startGateway, tokenFor } from './fixtures.js';

t.test(
  'slow consumer – a client that stops reading is closed with 4008; a fast one keeps receiving all',
  async (t) => {
    const { nats, bus } = await natsForTest(t);
    const gw = await startGateway(t, nats, { sendBufferBytes: 64 * 1024 });
    const token = tokenFor('500', { '42': 'staff' });
    const slow = await rawClient(t, gw.url, token);
    const fast = await rawClient(t, gw.url, token);
    for (const c of [slow, fast]) {
      c.send({ op: 'subscribe', guildId: '42' });
      await c.next((f) => f.op === 'subscribed');
    }
    // The slow client stops reading: kernel buffers fill, then the gateway's per-connection buffer.
    slow.ws.pause();
    const seqs: number[] = [];
    const body = 'x'.repeat(4000);
    for (
      let round = 0;
      round < 400 && (await gw.metric('realtime_slow_consumer_closes_total')) === 0;
      round++
    ) {
      seqs.push(
        ...(await Promise.all(Array.from({ length: 25 }, () => publishComment(bus, '42', '9', body)))),
      );
    }
    t.equal(await gw.metric('realtime_slow_consumer_closes_total'), 1, 'the slow client was closed');
    const last = await publishComment(bus, '42', '9');
    seqs.push(last);
    await fast.next((f) => f.op === 'event' && f.seq === last);
    const got = fast.events('42');
    t.same(
      got.map((e) => e.seq),
      [...seqs].sort((a, b) => a - b),
      'the fast client received every event',
    );
    t.same(chainProblems(got, 0), []);
    slow.ws.resume();
    t.equal((await slow.closed).code, closeCodes.slowConsumer, 'the slow client sees the slow-consumer code');
    await waitUntil('connection released', async () =>
      (await gw.metric('realtime_connections')) === 1 ? true : undefined,
    );
  },
);
