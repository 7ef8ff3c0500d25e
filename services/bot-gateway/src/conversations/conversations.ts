import { GatewayDispatchEvents } from '@discordjs/core';
import { consumeDurable, type ReceivedEvent, type RunningConsumer } from '@guildwire/bus';
import { type EventOf, ticketEvents } from '@guildwire/contracts';
import type { KV } from '@nats-io/kv';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { EffectLog } from '../effects/effect-log.js';
import type { TicketPlaces } from '../state/ticket-places.js';
import { backfillGuild } from './backfill.js';
import type { DiscordMessage } from './capture-mapping.js';
import { openCaptureQueue } from './capture-queue.js';
import { watchChannelIndex } from './channel-index.js';
import {
  type ConversationEffectDeps,
  createAuthorDirectory,
  onReplyRequested,
  onTicketClosedTranscript,
} from './conversation-effects.js';
import { createMessageCapture } from './message-capture.js';

/** Options of the conversations plugin. */
export interface ConversationsOptions {
  readonly places: TicketPlaces;
  /** The tickets bucket (its `channel.<id>` keys say which channels are tickets'). */
  readonly tickets: KV;
  readonly log: EffectLog;
  readonly commandTimeoutMs: number;
  readonly ackWaitMs: number;
  /** Where the dashboard lives, for transcript links ('' = no links). */
  readonly dashboardUrl: string;
  /** Run the consumers (replies, transcript posts, forwarding) in this replica. */
  readonly consumers: boolean;
  /** Newest messages per open ticket a backfill checks for edits and deletes (0 = none). */
  readonly backfillRecentMessages: number;
  /** Partitions the capture forwarder runs in parallel (a channel's changes stay in one, in order). */
  readonly capturePartitions: number;
}

/** Retries of a conversation side effect: 1 s, 2 s, 4 s … at most a minute. */
const retryMs = (deliveries: number) => Math.min(60_000, 1000 * 2 ** (deliveries - 1));

async function conversationsPlugin(app: FastifyInstance, options: ConversationsOptions) {
  const logger = (app.log as Logger).child({ component: 'conversations' });
  const forwarded = new Counter({
    name: 'discord_captured_messages_total',
    help: 'Captured ticket messages forwarded to the ticket service, by outcome (ok, retried, refused)',
    labelNames: ['outcome'] as const,
    registers: [app.metrics.registry],
  });
  const queue = await openCaptureQueue({
    bus: app.bus,
    logger,
    commandTimeoutMs: options.commandTimeoutMs,
    partitions: options.capturePartitions,
    onForward: (outcome) => forwarded.inc({ outcome }),
  });
  const index = await watchChannelIndex(options.tickets, logger);
  const capture = createMessageCapture({
    queue,
    index,
    places: options.places,
    cache: app.discord.cache,
    logger,
  });

  // Every message dispatch; only those in a ticket's channel or thread are kept (index lookup).
  const { client } = app.discord;
  client.on(GatewayDispatchEvents.MessageCreate, ({ data }) =>
    capture.created(data.guild_id, data as unknown as DiscordMessage),
  );
  client.on(GatewayDispatchEvents.MessageUpdate, ({ data }) =>
    capture.edited(data.guild_id, data as unknown as DiscordMessage),
  );
  client.on(GatewayDispatchEvents.MessageDelete, ({ data }) =>
    capture.deleted(data.guild_id, data.channel_id, [data.id]),
  );
  client.on(GatewayDispatchEvents.MessageDeleteBulk, ({ data }) =>
    capture.deleted(data.guild_id, data.channel_id, data.ids),
  );

  // A fresh session (READY) replays nothing: fetch what each guild's open tickets missed.
  const backfillDeps = {
    api: app.discord.api,
    bus: app.bus,
    places: options.places,
    capture,
    commandTimeoutMs: options.commandTimeoutMs,
    logger,
    recentMessages: options.backfillRecentMessages,
  };
  const backfills = new Set<Promise<void>>();
  client.on(GatewayDispatchEvents.Ready, ({ data, shardId }) => {
    const run = (async () => {
      let queued = 0;
      for (const guild of data.guilds) {
        try {
          queued += await backfillGuild(backfillDeps, guild.id);
        } catch (err) {
          logger.error({ err, guildId: guild.id, shardId }, 'backfill of ticket conversations failed');
        }
      }
      logger.info({ shardId, guilds: data.guilds.length, queued }, 'ticket conversations backfilled');
    })();
    backfills.add(run);
    void run.finally(() => backfills.delete(run));
  });

  const effectDeps: ConversationEffectDeps = {
    api: app.discord.api,
    bus: app.bus,
    cache: app.discord.cache,
    settings: app.settings,
    log: options.log,
    queue,
    dashboardUrl: options.dashboardUrl,
    commandTimeoutMs: options.commandTimeoutMs,
    logger,
    authors: createAuthorDirectory(app.discord.api),
  };
  async function handle(event: ReceivedEvent): Promise<void> {
    if (event.def === ticketEvents.replyRequested) {
      const { meta, reply, channelId } = event.message as EventOf<typeof ticketEvents.replyRequested>;
      if (meta && reply) await onReplyRequested(effectDeps, meta.eventId, reply, channelId);
    } else if (event.def === ticketEvents.closed) {
      const { meta, ticket } = event.message as EventOf<typeof ticketEvents.closed>;
      if (meta && ticket) await onTicketClosedTranscript(effectDeps, meta.eventId, ticket);
    }
  }

  let consumer: RunningConsumer | undefined;
  app.addHook('onReady', async () => {
    if (!options.consumers) return;
    await queue.startForwarding();
    consumer = await consumeDurable(app.bus, {
      durable: 'bot-gateway-conversations',
      filter: 'guild.*.ticket.>',
      handler: handle,
      retryDelayMs: retryMs,
      ackWaitMs: options.ackWaitMs,
      maxDeliver: 50,
    });
  });
  app.addHook('onClose', async () => {
    await consumer?.stop();
    await Promise.allSettled([...backfills]);
    await capture.flush();
    await queue.stop();
    index.stop();
  });
}

/**
 * Ticket conversations on the bot's side: capture of ticket messages (→ DISCORD_CAPTURE →
 * cmd.ticket.record_message), backfill after a fresh session, dashboard replies posted in Discord
 * and transcript summaries in the transcript channel.
 */
export const conversations = fp(conversationsPlugin, {
  name: 'guildwire-conversations',
  fastify: '5.x',
  dependencies: ['guildwire-discord', 'guildwire-nats', 'guildwire-settings-client', 'guildwire-metrics'],
});
