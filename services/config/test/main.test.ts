import { fileURLToPath } from 'node:url';
import { configEvents } from '@guildwire/contracts';
import { freePort, spawnTs, testPostgres, waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { collectEvents, configBus, freshGuild, jwtSecret, tokenFor } from './fixtures.js';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

t.test('main – the process starts from its environment, serves HTTP and publishes the change', async (t) => {
  const pg = await testPostgres(t);
  const bus = await configBus(t);
  const events = await collectEvents(t, bus);
  const port = await freePort();
  const child = spawnTs(main, {
    t,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      NATS_URL: `nats://${bus.nc.getServer().replace(/^nats:\/\//, '')}`,
      NATS_NAMESPACE: bus.namespace,
      DATABASE_URL: pg.url,
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'warn',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    'the service is ready',
    async () => ((await fetch(`${url}/readyz`).catch(() => undefined))?.ok ? true : undefined),
    {
      abort: () => (child.child.exitCode === null ? undefined : new Error(`main exited: ${child.stderr()}`)),
    },
  );
  const guild = freshGuild();
  const res = await fetch(`${url}/v1/guilds/${guild}/settings/tickets`, {
    method: 'PATCH',
    headers: {
      ...tokenFor('900', { [guild]: 'admin' }),
      'content-type': 'application/merge-patch+json',
      'if-match': '0',
    },
    body: JSON.stringify({ openLimitPerUser: 7 }),
  });
  t.equal(res.status, 200);
  t.equal(res.headers.get('etag'), '"1"');
  const [updated] = await events.waitFor(configEvents.updated, guild);
  t.equal(updated?.settings?.settings?.openLimitPerUser, 7);
  await child.kill();
});
