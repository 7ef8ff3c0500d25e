import { fileURLToPath } from 'node:url';
import { configEvents } from '@guildwire/contracts';
import { spawnService, testPostgres } from '@guildwire/testkit';
import t from 'tap';
import { collectEvents, configBus, freshGuild, jwtSecret, tokenFor } from './fixtures.js';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

t.test('main – the process starts from its environment, serves HTTP and publishes the change', async (t) => {
  const pg = await testPostgres(t);
  const bus = await configBus(t);
  const events = await collectEvents(t, bus);
  const { child, url } = await spawnService(main, {
    t,
    env: {
      NATS_URL: `nats://${bus.nc.getServer().replace(/^nats:\/\//, '')}`,
      NATS_NAMESPACE: bus.namespace,
      DATABASE_URL: pg.url,
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'warn',
    },
  });
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
