// The raw ceiling of bench:giveaway's entries, run as its own process like a service: a bare NATS
// responder doing one INSERT … ON CONFLICT DO NOTHING and one awaited JetStream publish per request,
// then replying. Env: NATS_URL, DATABASE_URL, SUBJECT.
import { connectBus, ensureStream, publishEvent } from '@guildwire/bus';
import { createEventMeta, createMessage, discordActor, giveawayEvents } from '@guildwire/contracts';
import { createDb } from '@guildwire/db';
import { sql } from 'kysely';
import { pino } from 'pino';
import { requiredEnv } from './required-env.js';

const env = requiredEnv('enter-ceiling-server');
const logger = pino({ level: 'warn' });
const bus = await connectBus({
  servers: env('NATS_URL'),
  name: 'bench-enter-ceiling',
  namespace: 'ceiling',
  logger,
});
await ensureStream(bus);
const db = createDb<Record<string, never>>({ url: env('DATABASE_URL'), poolSize: 10 });
await sql`create schema if not exists bench_ceiling`.execute(db);
await sql`create table if not exists bench_ceiling.entries (giveaway_id uuid not null, user_id bigint not null,
  weight int not null, entered_at timestamptz not null, primary key (giveaway_id, user_id))`.execute(db);
const giveawayId = '0190c1d2-0000-7000-8000-0000000000aa';
const decoder = new TextDecoder();
bus.nc.subscribe(env('SUBJECT'), {
  queue: 'ceiling',
  callback: (_err, msg) => {
    void (async () => {
      const [guildId, userId] = decoder.decode(msg.data).split(':') as [string, string];
      await sql`insert into bench_ceiling.entries (giveaway_id, user_id, weight, entered_at)
        values (${giveawayId}, ${userId}, 1, now()) on conflict do nothing`.execute(db);
      const event = createMessage(giveawayEvents.entryConfirmed.schema, {
        meta: createEventMeta({ guildId, actor: discordActor(userId), aggregateVersion: 1 }),
        entry: { giveawayId, userId, weight: 1 },
      });
      await publishEvent(bus, giveawayEvents.entryConfirmed, event);
      msg.respond(msg.data);
    })().catch((err: unknown) => logger.error({ err }, 'ceiling request failed'));
  },
});
await bus.nc.flush();
console.log('ready');
const stop = async () => {
  await bus.close();
  await db.destroy();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
