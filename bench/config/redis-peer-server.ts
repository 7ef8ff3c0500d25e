// bench:config's peer: the usual way a bot dashboard applies a settings change. An HTTP route saves
// the module's row in Postgres and then does a Redis PUBLISH that subscribed processes apply
// (fire-and-forget: a subscriber that is down misses it; no version check, history or audit).
// Run as its own process like a service. Env: DATABASE_URL, REDIS_URL, PORT.
import { createDb } from '@guildwire/db';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { requiredEnv } from '../lib/required-env.js';

const env = requiredEnv('redis-peer-server');
const db = createDb<Record<string, never>>({ url: env('DATABASE_URL'), poolSize: 4 });
await sql`create schema if not exists bench_redis_peer`.execute(db);
// The same row as the config service's module_settings.
await sql`create table if not exists bench_redis_peer.module_settings (
  guild_id text not null, module text not null, version integer not null, settings jsonb not null,
  updated_at timestamptz(3) not null, updated_by text not null, primary key (guild_id, module))`.execute(db);
const redis = new Redis(env('REDIS_URL'));

const app = Fastify();
app.get('/healthz', async () => ({ status: 'ok' }));
app.patch<{ Params: { guildId: string; module: string }; Body: Record<string, unknown> }>(
  '/v1/guilds/:guildId/settings/:module',
  async (request) => {
    const { guildId, module } = request.params;
    const saved = await sql<{ version: number; settings: unknown }>`
      insert into bench_redis_peer.module_settings as s (guild_id, module, version, settings, updated_at, updated_by)
      values (${guildId}, ${module}, 1, ${JSON.stringify(request.body)}, now(), 'bench')
      on conflict (guild_id, module) do update
        set settings = s.settings || excluded.settings, version = s.version + 1, updated_at = now()
      returning version, settings`.execute(db);
    const row = saved.rows[0]!;
    await redis.publish(`settings:${guildId}:${module}`, JSON.stringify(row));
    return { version: row.version };
  },
);
await app.listen({ port: Number(env('PORT')), host: '127.0.0.1' });
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => Promise.allSettled([db.destroy(), redis.quit()]))
    .then(() => process.exit(0));
});
