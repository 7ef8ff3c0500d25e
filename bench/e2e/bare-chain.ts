// bench:e2e's bare chain, run as its own process like a service: the least a Discord button can
// cost on its way to a dashboard. A gateway dispatch (INTERACTION_CREATE, through @discordjs/ws like
// the bot) → one INSERT → one awaited JetStream publish → one WebSocket send to every connected
// client. No answer to Discord, no validation, no outbox, no routing, no permissions.
// Env: NATS_URL, DATABASE_URL, DISCORD_API_URL, DISCORD_TOKEN, CHANNEL_ID, PORT.
// Prints `READY <messageId>` once it listens and has posted the message whose button the bench presses.

import { type APIInteraction, GatewayDispatchEvents, GatewayIntentBits, Routes } from '@discordjs/core';
import { REST } from '@discordjs/rest';
import { WebSocketManager, WebSocketShardEvents } from '@discordjs/ws';
import { connectBus, ensureStream, publishEvent } from '@guildwire/bus';
import {
  createEventMeta,
  createMessage,
  discordActor,
  TicketOpenedSchema,
  ticketEvents,
} from '@guildwire/contracts';
import { createDb } from '@guildwire/db';
import { sql } from 'kysely';
import { pino } from 'pino';
import { WebSocketServer } from 'ws';
import { requiredEnv } from '../lib/required-env.js';

const env = requiredEnv('bare-chain');
const logger = pino({ level: 'warn' });
const bus = await connectBus({ servers: env('NATS_URL'), name: 'bench-bare', namespace: 'bare', logger });
await ensureStream(bus);
const db = createDb<Record<string, never>>({ url: env('DATABASE_URL'), poolSize: 10 });
await sql`create schema if not exists bench_bare`.execute(db);
await sql`create table if not exists bench_bare.presses (id text primary key, guild_id text not null, user_id text not null)`.execute(
  db,
);

const wss = new WebSocketServer({ host: '127.0.0.1', port: Number(env('PORT')) });
await new Promise<void>((resolve) => wss.once('listening', () => resolve()));

const rest = new REST({ api: env('DISCORD_API_URL') }).setToken(env('DISCORD_TOKEN'));
const gateway = new WebSocketManager({
  token: env('DISCORD_TOKEN'),
  intents: GatewayIntentBits.Guilds,
  rest,
});
gateway.on(WebSocketShardEvents.Dispatch, (payload) => {
  if (payload.t !== GatewayDispatchEvents.InteractionCreate) return;
  const interaction = payload.d as APIInteraction;
  const guildId = interaction.guild_id ?? '0';
  const userId = interaction.member?.user.id ?? '0';
  void (async () => {
    await sql`insert into bench_bare.presses (id, guild_id, user_id) values (${interaction.id}, ${guildId}, ${userId})`.execute(
      db,
    );
    const event = createMessage(TicketOpenedSchema, {
      meta: createEventMeta({ guildId, actor: discordActor(userId), aggregateVersion: 1 }),
      ticket: { guildId, subject: 'bare', openerId: userId },
    });
    await publishEvent(bus, ticketEvents.opened, event);
    const frame = JSON.stringify({ id: interaction.id });
    for (const client of wss.clients) client.send(frame);
  })().catch((err: unknown) => logger.error({ err }, 'bare chain failed'));
});
await gateway.connect();

const posted = (await rest.post(Routes.channelMessages(env('CHANNEL_ID')), {
  body: {
    content: 'bare chain',
    components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Press', custom_id: 'bare-press' }] }],
  },
})) as { id: string };
console.log(`READY ${posted.id}`);

const stop = async () => {
  await gateway.destroy();
  wss.close();
  await db.destroy();
  await bus.close();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
