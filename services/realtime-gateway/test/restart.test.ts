import type { GuildRole } from '@guildwire/contracts';
import { closeCodes } from '@guildwire/realtime-client/protocol';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import {
  natsForTest,
  publishOpened,
  rawClient,
  sdkClient,
  startGateway,
  tokenFor,
  whenLive,
} from './fixtures.js';

t.test('restart – clients told 1012 reconnect to the new gateway and resume with nothing lost', async (t) => {
  const { nats, bus } = await natsForTest(t);
  const gw1 = await startGateway(t, nats);
  const guilds = ['11', '12', '13'];
  const clients = Array.from({ length: 12 }, (_, i) => {
    const grants: Record<string, GuildRole> = { [guilds[i % 3]!]: 'staff', [guilds[(i + 1) % 3]!]: 'admin' };
    const { client, received } = sdkClient(t, gw1.url, String(1000 + i), grants);
    for (const g of Object.keys(grants)) client.subscribe(g);
    return { client, received, grants };
  });
  const raw = await rawClient(t, gw1.url, tokenFor('77', { '11': 'staff' }));
  await Promise.all(clients.map(({ client }) => whenLive(client)));

  const seqs = new Map<string, number[]>(guilds.map((g) => [g, []]));
  let publishing = true;
  const publisher = (async () => {
    for (let i = 0; publishing || i < 30; i++) {
      const g = guilds[i % 3]!;
      seqs.get(g)!.push(await publishOpened(bus, g));
    }
  })();
  await waitUntil('some live deliveries', async () =>
    clients.every((c) => c.received.length > 5) ? true : undefined,
  );
  await gw1.close();
  t.equal((await raw.closed).code, closeCodes.serviceRestart, 'told to reconnect elsewhere');
  const gw2 = await startGateway(t, nats, {}, gw1.port);
  await waitUntil('clients back live', async () =>
    clients.every((c) => c.client.status === 'live') ? true : undefined,
  );
  publishing = false;
  await publisher;
  for (const [i, { received, grants }] of clients.entries()) {
    const want = Object.keys(grants).flatMap((g) => seqs.get(g)!);
    await waitUntil(`client ${i} has everything`, async () =>
      received.length >= want.length ? true : undefined,
    ).catch(() => undefined);
    // Every client was live before the first publish: it must have every event of its guilds, once.
    const expected = [...want].sort((a, b) => a - b);
    t.same(
      received.map((e) => e.seq).sort((a, b) => a - b),
      expected,
      `client ${i}: no gap, no duplicate`,
    );
  }
  t.ok(
    (await gw2.metric('realtime_resumes_total', { source: 'memory' })) >= clients.length * 2,
    'resumed from the refilled history',
  );
});
