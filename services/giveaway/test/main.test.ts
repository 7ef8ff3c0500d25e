import { fileURLToPath } from 'node:url';
import { giveawayEvents } from '@guildwire/contracts';
import { createDb } from '@guildwire/db';
import { spawnService, spawnTs, testPostgres, waitUntil } from '@guildwire/testkit';
import { sql } from 'kysely';
import t from 'tap';
import type { GiveawayDatabase } from '../src/store/database.js';
import { collectEvents, freshGuild, giveawayBus, jwtSecret, tokenFor } from './fixtures.js';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

t.test(
  'main – 3 replica processes end every giveaway once; one killed before the end is not missed',
  async (t) => {
    const pg = await testPostgres(t);
    const bus = await giveawayBus(t);
    const events = await collectEvents(t, bus);
    const start = () =>
      spawnService(main, {
        t,
        env: {
          NATS_URL: `nats://${bus.nc.getServer().replace(/^nats:\/\//, '')}`,
          NATS_NAMESPACE: bus.namespace,
          DATABASE_URL: pg.url,
          JWT_SECRET: jwtSecret,
          LOG_LEVEL: 'warn',
        },
      });
    const replicas = [await start(), await start(), await start()];
    const guild = freshGuild();
    const count = 20;
    // Far enough ahead that 20 creations finish before it on a loaded machine (CI once took >3 s).
    const endsAt = new Date(Date.now() + 8000).toISOString();
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const res = await fetch(`${replicas[i % 3]!.url}/v1/guilds/${guild}/giveaways`, {
        method: 'POST',
        headers: { ...tokenFor('1', { [guild]: 'admin' }), 'content-type': 'application/json' },
        body: JSON.stringify({ prize: `p${i}`, winnerCount: 1, endsAt }),
      });
      const body = (await res.json()) as { giveaway?: { id: string } };
      t.equal(res.status, 201, JSON.stringify(body));
      if (body.giveaway) ids.push(body.giveaway.id);
    }
    // One replica dies before the end: the two others end its giveaways too.
    await replicas[0]!.child.kill();
    t.ok(Date.now() < Date.parse(endsAt), 'killed before the end was due');
    const ended = await events.waitFor(giveawayEvents.ended, guild, count);
    t.same(new Set(ended.map((e) => e.giveaway?.id)), new Set(ids));
    const db = createDb<GiveawayDatabase>({ url: pg.url, schema: 'giveaway' });
    t.teardown(() => db.destroy());
    await waitUntil('the outbox drained', async () => {
      const row = await sql<{ n: string }>`select count(*) as n from outbox`.execute(db);
      return row.rows[0]?.n === '0' ? true : undefined;
    });
    const ends = await db
      .selectFrom('giveaway_history')
      .select('giveaway_id')
      .where('action', '=', 'ended')
      .execute();
    t.equal(ends.length, count, 'ended once each in the audit trail');
    t.equal(events.of(giveawayEvents.ended, guild).length, count, 'one giveaway.ended each');
    for (const r of replicas.slice(1)) await r.child.kill();
  },
);

t.test('main – a bad environment stops the process with a message naming the variable', async (t) => {
  const child = spawnTs(main, {
    t,
    env: {
      JWT_SECRET: jwtSecret,
      NATS_URL: 'nats://127.0.0.1:1',
      DATABASE_URL: 'postgres://x@127.0.0.1/x',
      GIVEAWAY_SCHEDULER_INTERVAL_MS: '1',
    },
  });
  const exit = await child.exited;
  t.not(exit.code, 0);
  t.match(child.stderr(), /GIVEAWAY_SCHEDULER_INTERVAL_MS/);
});
