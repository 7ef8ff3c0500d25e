import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import WebSocket from 'ws';
import { natsForTest, publishOpened, type RawClient, rawClient, startGateway, tokenFor } from './fixtures.js';

/** Counts the protocol pings a client receives. */
function countPings(client: RawClient): () => number {
  let pings = 0;
  client.ws.on('ping', () => pings++);
  return () => pings;
}

t.test('ping – a peer that stops answering pings is dropped, a live one is kept', async (t) => {
  const { nats, bus } = await natsForTest(t);
  const gw = await startGateway(t, nats, { pingIntervalMs: 1000 });
  const token = tokenFor('500', { '42': 'staff' });
  const live = await rawClient(t, gw.url, token);
  // ws ≥ 8.17: the client does not answer ping control frames by itself.
  const silent = await rawClient(t, gw.url, token, { clientOptions: { autoPong: false } });
  const livePings = countPings(live);
  const silentPings = countPings(silent);
  let silentClose: { code: number } | undefined;
  void silent.closed.then((c) => {
    silentClose = c;
  });
  for (const client of [live, silent]) {
    client.send({ op: 'subscribe', guildId: '42' });
    await client.next((f) => f.op === 'subscribed');
  }
  t.equal(await gw.metric('realtime_connections'), 2, 'both connections counted');

  const closed = await waitUntil('silent peer dropped', async () => silentClose, {
    timeoutMs: 10_000,
    intervalMs: 5,
  });
  t.equal(closed.code, 1006, 'cut without a close frame');
  t.ok(silentPings() >= 1, 'the server pinged the silent peer before dropping it');
  await waitUntil('gateway forgot the silent peer', async () =>
    (await gw.metric('realtime_connections')) === 1 ? true : undefined,
  );
  t.equal(await gw.metric('realtime_subscriptions'), 1, 'its subscription is gone too');

  // Each ping after the first is sent only once the previous one was answered: two more pings
  // mean the live peer passed two more liveness checks.
  const seen = livePings();
  await waitUntil('live peer pinged twice more', async () => (livePings() >= seen + 2 ? true : undefined), {
    timeoutMs: 10_000,
    intervalMs: 5,
  });
  t.equal(live.ws.readyState, WebSocket.OPEN, 'the live peer is kept');
  const seq = await publishOpened(bus, '42');
  t.match(await live.next((f) => f.op === 'event' && f.seq === seq), { guildId: '42' });
  t.equal(await gw.metric('realtime_connections'), 1);
});
