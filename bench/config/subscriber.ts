// One of bench:config's three reader processes, compiled and run like a service. It holds one
// guild's `tickets` settings and prints `SEEN <version> <epoch ms>` the moment a new version reaches
// it, then `READY` once it is listening. Env: MODE (guildwire | redis), GUILD_ID, and
//   guildwire: NATS_URL, NATS_NAMESPACE — a settings client (libs/settings-client), cache filled by
//              cmd.config.get, kept current by config.updated
//   redis:     REDIS_URL — a Redis SUBSCRIBE on settings:<guildId>:tickets, the usual dashboard way
import { performance } from 'node:perf_hooks';
import { connectBus } from '@guildwire/bus';
import { createSettingsClient } from '@guildwire/settings-client';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { requiredEnv } from '../lib/required-env.js';

const env = requiredEnv('subscriber');
// Wall-clock milliseconds with sub-millisecond precision, comparable across processes of one machine.
const now = () => (performance.timeOrigin + performance.now()).toFixed(3);
const seen = (version: number) => process.stdout.write(`SEEN ${version} ${now()}\n`);
const guildId = env('GUILD_ID');
const logger = pino({ level: 'warn' });
const stops: Array<() => Promise<unknown>> = [];

if (env('MODE') === 'guildwire') {
  const bus = await connectBus({
    servers: env('NATS_URL'),
    name: 'bench-settings-reader',
    namespace: process.env.NATS_NAMESPACE ?? '',
    logger,
  });
  const client = createSettingsClient({ bus, logger });
  await client.start();
  // A service reads the guild's settings once; from then on events keep the cached copy current.
  await client.get(guildId, 'tickets');
  client.onChange((change) => {
    if (change.guildId === guildId && change.module === 'tickets') seen(change.version);
  });
  stops.push(
    () => client.close(),
    () => bus.close(),
  );
} else {
  const redis = new Redis(env('REDIS_URL'), { lazyConnect: true });
  await redis.connect();
  const cache = new Map<string, unknown>();
  redis.on('message', (channel: string, message: string) => {
    const { version, settings } = JSON.parse(message) as { version: number; settings: unknown };
    cache.set(channel, settings);
    seen(version);
  });
  await redis.subscribe(`settings:${guildId}:tickets`);
  stops.push(() => redis.quit());
}

process.stdout.write('READY\n');
process.on('SIGTERM', () => {
  void Promise.allSettled(stops.map((stop) => stop())).then(() => process.exit(0));
});
