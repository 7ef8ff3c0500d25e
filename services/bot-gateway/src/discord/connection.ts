import { API, Client, GatewayIntentBits } from '@discordjs/core';
import { REST } from '@discordjs/rest';
import { WebSocketManager, WebSocketShardEvents, WebSocketShardStatus } from '@discordjs/ws';
import type { KV } from '@nats-io/kv';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { createGuildCache, type GuildCache } from '../cache/guild-cache.js';
import { createGuildDirectory, type GuildDirectory } from '../cache/guild-directory.js';
import { createSessionStore } from './session-store.js';
import { parseShardIds } from './shard-range.js';

/** The bot's Discord side: REST, the gateway shards of this replica, and what dispatches taught it. */
export interface DiscordConnection {
  readonly rest: REST;
  readonly api: API;
  readonly client: Client;
  readonly gateway: WebSocketManager;
  readonly cache: GuildCache;
  /** A guild's channels and roles (cached, else fetched); undefined when the bot is not in it. */
  readonly guild: GuildDirectory;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly shardIds: readonly number[];
  readonly shardCount: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    discord: DiscordConnection;
  }
}

/** Options of the Discord connection plugin. */
export interface DiscordConnectionOptions {
  readonly token: string;
  readonly apiUrl: string;
  /** `SHARD_IDS` as configured (empty: every shard). */
  readonly shardIds: string;
  /** 0: Discord's recommendation. */
  readonly shardCount: number;
  readonly sessions: KV;
  readonly maxGuilds: number;
}

/** Gateway close code that keeps the session resumable (1000/1001 would end it on Discord). */
const keepSessionCloseCode = 4200;

async function discordConnectionPlugin(app: FastifyInstance, options: DiscordConnectionOptions) {
  const logger = (app.log as Logger).child({ component: 'discord' });
  // @discordjs/rest queues per bucket, waits out 429s and retries 5xx: Discord's limits are respected.
  // Discord's global limit is 50 requests/s per bot: this replica never sends more.
  const rest = new REST({ api: options.apiUrl, retries: 3, globalRequestsPerSecond: 50 }).setToken(
    options.token,
  );
  rest.on('rateLimited', (info) =>
    logger.warn(
      { route: info.route, retryAfter: info.retryAfter, global: info.global },
      'discord rate limit',
    ),
  );
  const api = new API(rest);
  const [application, gatewayInfo] = await Promise.all([api.applications.getCurrent(), api.gateway.getBot()]);
  const shardCount = options.shardCount === 0 ? gatewayInfo.shards : options.shardCount;
  const shardIds = parseShardIds(options.shardIds, shardCount);
  const sessions = createSessionStore(options.sessions, logger);
  const gateway = new WebSocketManager({
    token: options.token,
    // Messages and their content: ticket conversations are captured (MESSAGE_CONTENT is privileged:
    // enable it for the bot in Discord's developer portal).
    intents: GatewayIntentBits.Guilds | GatewayIntentBits.GuildMessages | GatewayIntentBits.MessageContent,
    rest,
    shardCount,
    shardIds,
    retrieveSessionInfo: (shardId) => sessions.retrieveSessionInfo(shardId),
    updateSessionInfo: (shardId, info) => sessions.updateSessionInfo(shardId, info),
  });
  const cache = createGuildCache(options.maxGuilds);
  gateway.on(WebSocketShardEvents.Dispatch, (payload, shardId) => {
    try {
      cache.apply(payload, shardId);
    } catch (err) {
      logger.error({ err, event: payload.t, shardId }, 'could not apply a dispatch to the cache');
    }
  });
  gateway.on(WebSocketShardEvents.Error, (err, shardId) => logger.error({ err, shardId }, 'gateway error'));
  gateway.on(WebSocketShardEvents.Closed, (code, shardId) =>
    logger.info({ code, shardId }, 'gateway closed'),
  );
  gateway.on(WebSocketShardEvents.Resumed, (shardId) => logger.info({ shardId }, 'gateway session resumed'));
  gateway.on(WebSocketShardEvents.Ready, (_data, shardId) =>
    logger.info({ shardId }, 'gateway session ready'),
  );
  const client = new Client({ rest, gateway });
  app.decorate('discord', {
    rest,
    api,
    client,
    gateway,
    cache,
    guild: createGuildDirectory(api, cache, { ids: shardIds, count: shardCount }),
    applicationId: application.id,
    botUserId: application.bot?.id ?? application.id,
    shardIds,
    shardCount,
  } satisfies DiscordConnection);

  app.addHook('onReady', async () => {
    await gateway.connect();
    logger.info({ shardIds, shardCount }, 'connected to the Discord gateway');
  });
  app.readiness.add({
    name: 'discord',
    check: async () => {
      const status = await gateway.fetchStatus();
      const notReady = [...status].filter(([, s]) => s !== WebSocketShardStatus.Ready).map(([id]) => id);
      if (notReady.length > 0) throw new Error(`shards not ready: ${notReady.join(', ')}`);
    },
  });
  app.addHook('onClose', async () => {
    // The stored sessions outlive this process: the next replica on these shards resumes them.
    await sessions.flushForShutdown();
    await gateway.destroy({ code: keepSessionCloseCode, reason: 'replica stopping' });
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  });
}

/** Decorates `app.discord`; connects the shards when the app is ready, keeps their sessions resumable. */
export const discordConnection = fp(discordConnectionPlugin, {
  name: 'guildwire-discord',
  fastify: '5.x',
  dependencies: ['guildwire-health'],
});
