import { fileURLToPath } from 'node:url';
import { spawnService } from '@guildwire/testkit';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { freshGuild, giveawayBus, giveawayDb, inMs, jwtSecret, testConfig, tokenFor } from './fixtures.js';

const configMain = fileURLToPath(new URL('../../config/src/main.ts', import.meta.url));
const hour = 3_600_000;

t.test('settings – max winners changed over the config service HTTP API applies live', async (t) => {
  const { db, url: databaseUrl } = await giveawayDb(t);
  const bus = await giveawayBus(t);
  const guild = freshGuild();
  // The real config service, as its own process (services never import each other).
  const { child, url: configUrl } = await spawnService(configMain, {
    t,
    env: {
      NATS_URL: `nats://${bus.nc.getServer().replace(/^nats:\/\//, '')}`,
      NATS_NAMESPACE: bus.namespace,
      DATABASE_URL: databaseUrl,
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'warn',
    },
  });
  const app = await buildApp(testConfig(), { db, bus, logger: { level: 'silent' }, scheduler: false });
  t.teardown(() => app.close());

  const create = (winnerCount: number) =>
    app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/giveaways`,
      headers: tokenFor('9', { [guild]: 'staff' }),
      payload: { prize: 'Nitro', winnerCount, endsAt: inMs(hour).toISOString() },
    });
  const patch = await fetch(`${configUrl}/v1/guilds/${guild}/settings/giveaways`, {
    method: 'PATCH',
    headers: {
      ...tokenFor('900', { [guild]: 'admin' }),
      'content-type': 'application/merge-patch+json',
      'if-match': '0',
    },
    body: JSON.stringify({ maxWinners: 2 }),
  });
  t.equal(patch.status, 200, 'the guild admin lowers max winners to 2');
  const read = await app.settings.get(guild, 'giveaways');
  t.equal(read.settings.maxWinners, 2, 'the giveaway service reads the guild setting');
  const refused = await create(3);
  t.equal(refused.statusCode, 400, 'three winners are over the guild limit');
  t.same(refused.json().error.details, [{ field: '/winnerCount', message: 'must be between 1 and 2' }]);
  t.equal((await create(2)).statusCode, 201);
  await child.kill();
});
