import { createDb, migrateToLatest } from '@guildwire/db';
import { testPostgres } from '@guildwire/testkit';
import { sql } from 'kysely';
import t from 'tap';
import * as m0001 from '../../migrations/0001-outbox.js';
import * as m0002 from '../../migrations/0002-settings.js';
import { buildApp } from '../../src/app.js';
import type { ConfigDatabase } from '../../src/store/database.js';
import { configBus, freshGuild, testConfig, tokenFor } from '../fixtures.js';

t.test('migrations – a version saved before 0003 keeps its history and takes the next write', async (t) => {
  const pg = await testPostgres(t);
  const db = createDb<ConfigDatabase>({ url: pg.url, schema: 'config', poolSize: 4 });
  t.teardown(() => db.destroy());
  await migrateToLatest(db, {
    schema: 'config',
    migrations: { '0001-outbox': m0001, '0002-settings': m0002 },
  });
  const guild = freshGuild();
  const settings = JSON.stringify({ openLimitPerUser: 4 });
  const changes = JSON.stringify([{ path: '/openLimitPerUser', before: 3, after: 4 }]);
  // Version 1 as the service wrote it under 0002: the row, and its history entry beside it.
  await sql`insert into config.module_settings (guild_id, module, version, settings, updated_at, updated_by)
    values (${guild}, 'tickets', 1, ${settings}::jsonb, now(), '900')`.execute(db);
  await sql`insert into config.settings_versions (guild_id, module, version, settings, kind, changes, reason,
    actor_kind, actor_id, created_at)
    values (${guild}, 'tickets', 1, ${settings}::jsonb, 'update', ${changes}::jsonb, 'before 0003', 'dashboard', '900', now())`.execute(
    db,
  );

  const app = await buildApp(testConfig(), { db, bus: await configBus(t), logger: { level: 'silent' } });
  t.teardown(() => app.close());
  const row = await db
    .selectFrom('module_settings')
    .selectAll()
    .where('guild_id', '=', guild)
    .executeTakeFirstOrThrow();
  t.equal(row.kind, 'update', 'the row learnt how its version came to be');
  t.equal(row.reason, 'before 0003');
  t.equal(row.actor_kind, 'dashboard');

  const admin = { ...tokenFor('900', { [guild]: 'admin' }), 'content-type': 'application/json' };
  const url = `/v1/guilds/${guild}/settings/tickets`;
  const res = await app.inject({
    method: 'PATCH',
    url,
    headers: { ...admin, 'if-match': '1' },
    payload: { openLimitPerUser: 5 },
  });
  t.equal(res.statusCode, 200, res.body);
  t.equal(res.json().settings.version, 2);
  const history = (await app.inject({ method: 'GET', url: `${url}/history`, headers: admin })).json();
  t.same(
    history.versions.map((v: { settings: { version: number }; reason: string }) => [
      v.settings.version,
      v.reason,
    ]),
    [
      [2, ''],
      [1, 'before 0003'],
    ],
  );
});
