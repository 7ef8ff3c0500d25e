import { ticketEvents } from '@guildwire/contracts';
import { type ConnectionStatus, storageCursorStore } from '@guildwire/realtime-client';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import {
  claims,
  craftToken,
  natsForTest,
  publishOpened,
  sdkClient,
  startGateway,
  tokenFor,
  whenLive,
} from './fixtures.js';

/** A Map-backed stand-in for `localStorage` (the real Web Storage API surface). */
function fakeLocalStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

t.test('sdk – typed events, and a reloaded page resumes from its stored cursor', async (t) => {
  const { nats, bus } = await natsForTest(t);
  const gw = await startGateway(t, nats);
  const storage = fakeLocalStorage();
  const first = sdkClient(t, gw.url, '500', { '42': 'staff' }, { cursors: storageCursorStore(storage) });
  const resyncs: string[] = [];
  first.client.onResync((info) => resyncs.push(info.reason));
  const opened: number[] = [];
  first.client.on(ticketEvents.opened, (data) => opened.push(data.ticket!.number));
  first.client.subscribe('42');
  await whenLive(first.client);
  t.same(resyncs, ['subscribed'], 'a first subscription asks the app to load state');
  const a = await publishOpened(bus, '42');
  await waitUntil('first event', async () => (first.received.length === 1 ? true : undefined));
  t.equal(opened.length, 1, 'typed as the TicketOpened payload');
  first.client.close();
  t.equal(first.client.status, 'offline');
  const missed = [await publishOpened(bus, '42'), await publishOpened(bus, '42')];
  // "Reload": a new client over the same storage.
  const second = sdkClient(t, gw.url, '500', { '42': 'staff' }, { cursors: storageCursorStore(storage) });
  const resyncs2: string[] = [];
  second.client.onResync((info) => resyncs2.push(info.reason));
  second.client.subscribe('42');
  await waitUntil('missed events', async () => (second.received.length === 2 ? true : undefined));
  t.same(
    second.received.map((e) => e.seq),
    missed,
    'exactly the missed events',
  );
  t.same(resyncs2, [], 'recovered: no reload of state needed');
  t.ok(a < missed[0]!);
});

t.test(
  'sdk – status goes reconnecting and back to live; the token is refreshed before it expires',
  async (t) => {
    const { nats, bus } = await natsForTest(t);
    const gw = await startGateway(t, nats);
    let tokens = 0;
    const statuses: ConnectionStatus[] = [];
    const { client, received } = sdkClient(
      t,
      gw.url,
      '500',
      { '42': 'staff' },
      {
        getToken: () => {
          tokens++;
          return tokenFor('500', { '42': 'staff' }, 3);
        },
        refreshBeforeExpiryMs: 2500,
      },
    );
    client.onStatus((s) => statuses.push(s));
    client.subscribe('42');
    await whenLive(client);
    // A 3 s token refreshed 2.5 s early: a refresh comes after ~0.5 s, in place.
    await waitUntil('refresh', async () => (tokens >= 3 ? true : undefined));
    t.same(statuses, ['live'], 'refreshes happen without reconnecting');
    const seq = await publishOpened(bus, '42');
    await waitUntil('event', async () => (received.some((e) => e.seq === seq) ? true : undefined));
    t.equal(await gw.metric('realtime_connections'), 1);
  },
);

t.test('sdk – an expired token close (4004) gets a fresh token and resumes', async (t) => {
  const { nats, bus } = await natsForTest(t);
  const gw = await startGateway(t, nats);
  let calls = 0;
  const { client, received } = sdkClient(
    t,
    gw.url,
    '500',
    { '42': 'staff' },
    {
      // The first token is already expired (a laptop waking from sleep); the next one is fresh.
      getToken: () =>
        ++calls === 1 ? craftToken(claims({ iat: 1000, exp: 2000 })) : tokenFor('500', { '42': 'staff' }),
    },
  );
  client.subscribe('42');
  await whenLive(client);
  t.equal(calls, 2, 'asked for a new token after the 4004 close');
  t.equal(await gw.metric('realtime_connections_rejected_total', { reason: 'token_expired' }), 1);
  const seq = await publishOpened(bus, '42');
  await waitUntil('event', async () => (received.length >= 1 ? true : undefined));
  t.same(
    received.map((e) => e.seq),
    [seq],
  );
});
