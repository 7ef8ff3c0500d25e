// The raw ceiling of bench:ticket, run as its own process like a service: a bare Fastify route
// doing one INSERT and one awaited JetStream publish. Env: NATS_URL, DATABASE_URL, PORT.
import { connectBus, ensureStream, publishEvent } from '@guildwire/bus';
import {
  createEventMeta,
  createMessage,
  discordActor,
  TicketOpenedSchema,
  ticketEvents,
} from '@guildwire/contracts';
import { createDb } from '@guildwire/db';
import Fastify from 'fastify';
import { sql } from 'kysely';
import { pino } from 'pino';
import { requiredEnv } from './required-env.js';

const env = requiredEnv('ceiling-server');
const logger = pino({ level: 'warn' });
const bus = await connectBus({
  servers: env('NATS_URL'),
  name: 'bench-ceiling',
  namespace: 'ceiling',
  logger,
});
await ensureStream(bus);
const db = createDb<Record<string, never>>({ url: env('DATABASE_URL'), poolSize: 14 });
await sql`create schema if not exists bench_ceiling`.execute(db);
await sql`create table if not exists bench_ceiling.items (id uuid primary key, guild_id text not null, subject text not null)`.execute(
  db,
);
const app = Fastify();
app.get('/healthz', async () => ({ status: 'ok' }));
app.post<{ Params: { guildId: string }; Body: { subject: string } }>(
  '/v1/guilds/:guildId/items',
  async (request, reply) => {
    const event = createMessage(TicketOpenedSchema, {
      meta: createEventMeta({
        guildId: request.params.guildId,
        actor: discordActor('42'),
        aggregateVersion: 1,
      }),
      ticket: { guildId: request.params.guildId, subject: request.body.subject, openerId: '42' },
    });
    await sql`insert into bench_ceiling.items (id, guild_id, subject) values (${event.meta!.eventId}, ${request.params.guildId}, ${request.body.subject})`.execute(
      db,
    );
    await publishEvent(bus, ticketEvents.opened, event);
    return reply.code(201).send({ id: event.meta!.eventId });
  },
);
await app.listen({ port: Number(env('PORT')), host: '127.0.0.1' });
const stop = async () => {
  await app.close();
  await db.destroy();
  await bus.close();
  process.exit(0);
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
