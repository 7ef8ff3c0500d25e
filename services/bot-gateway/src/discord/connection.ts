import { API, Client, GatewayIntentBits } from '@discordjs/core';
import { REST } from '@discordjs/rest';
import { WebSocketShardEvents } from '@discordjs/ws';
import type { KV } from '@nats-io/kv';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { createGuildCache, type GuildCache } from '../cache/guild-cache.js';
import { createGuildDirectory, type GuildDirectory } from '../cache/guild-directory.js';
import { globalRequestsPerSecond, throttledRequests } from './global-limit.js';
import { createSessionStore } from './session-store.js';
import { createShardLeases, type ShardLeases, type ShardRunner } from './shard-leases.js';
import { createShardPool, type ShardPool } from './shard-pool.js';
import { parseShardIds } from './shard-range.js';

/** The bot's Discord side: REST, the gateway shards of this replica, and what dispatches taught it. */
export interface DiscordConnection {
  readonly rest: REST;
  readonly api: API;
  readonly client: Client;
  /** The shards running in this replica (fixed, or moving between replicas with SHARD_IDS=auto). */
  readonly gateway: ShardPool;
  readonly cache: GuildCache;
  /** A guild's channels and roles (cached, else fetched); undefined when the bot is not in it. */
  readonly guild: GuildDirectory;
  readonly applicationId: string;
  readonly botUserId: string;
  readonly shardCount: number;
  /** With SHARD_IDS=auto: this replica's leases. */
  readonly leases: ShardLeases | undefined;
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
  /** `SHARD_IDS` as configured (empty: every shard; `auto`: leases). */
  readonly shardIds: string;
  /** 0: Discord's recommendation. */
  readonly shardCount: number;
  readonly sessions: KV;
  /** The lease bucket, for SHARD_IDS=auto. */
  readonly leases?: { readonly kv: KV; readonly ttlMs: number };
  readonly maxGuilds: number;
  /** Members' roles cached per guild; 0: none, and no GUILD_MEMBERS intent. */
  readonly maxMembers: number;
}

async function discordConnectionPlugin(app: FastifyInstance, options: DiscordConnectionOptions) {
  const logger = (app.log as Logger).child({ component: 'discord' });
  // @discordjs/rest queues per bucket, waits out 429s and retries 5xx: Discord's limits are respected.
  // At most 50 requests start in any second in this replica (docs/bot-gateway.md: with N replicas, N × 50).
  const rest = new REST({
    api: options.apiUrl,
    retries: 3,
    globalRequestsPerSecond,
    makeRequest: throttledRequests(),
  }).setToken(options.token);
  rest.on('rateLimited', (info) =>
    logger.warn(
      { route: info.route, retryAfter: info.retryAfter, global: info.global },
      'discord rate limit',
    ),
  );
  const api = new API(rest);
  const [application, gatewayInfo] = await Promise.all([api.applications.getCurrent(), api.gateway.getBot()]);
  const shardCount = options.shardCount === 0 ? gatewayInfo.shards : options.shardCount;
  const auto = options.shardIds === 'auto';
  const fixedShards = auto ? [] : parseShardIds(options.shardIds, shardCount);
  const sessions = createSessionStore(options.sessions, logger);
  const cache = createGuildCache(options.maxGuilds, options.maxMembers);
  const gateway = createShardPool({
    token: options.token,
    // GUILD_MEMBERS (privileged) keeps the member cache current; without it there is no member cache.
    // GUILD_VOICE_STATES: join-to-create channels (src/voice/). Messages and their content: ticket
    // conversations are captured (MESSAGE_CONTENT is privileged: enable it in the developer portal).
    intents:
      GatewayIntentBits.Guilds |
      GatewayIntentBits.GuildVoiceStates |
      GatewayIntentBits.GuildMessages |
      GatewayIntentBits.MessageContent |
      (options.maxMembers > 0 ? GatewayIntentBits.GuildMembers : 0),
    rest,
    shardCount,
    maxConcurrency: gatewayInfo.session_start_limit.max_concurrency,
    sessions,
    logger,
  });
  gateway.on(WebSocketShardEvents.Dispatch, (payload, shardId) => {
    try {
      cache.apply(payload, shardId);
    } catch (err) {
      logger.error({ err, event: payload.t, shardId }, 'could not apply a dispatch to the cache');
    }
  });
  const runner: ShardRunner = {
    start: (shardId) => gateway.start(shardId),
    async stop(shardId, reason, lost) {
      await gateway.stop(shardId, reason, lost);
      // No more dispatches for its guilds here: what is cached would go stale.
      cache.dropShard(shardId);
    },
  };
  if (auto && !options.leases) throw new Error('SHARD_IDS=auto needs the lease bucket');
  const leases =
    auto && options.leases
      ? createShardLeases({ kv: options.leases.kv, ttlMs: options.leases.ttlMs, shardCount, runner, logger })
      : undefined;
  const client = new Client({ rest, gateway });
  app.decorate('discord', {
    rest,
    api,
    client,
    gateway,
    cache,
    guild: createGuildDirectory(api, cache, {
      runs: (shardId) => gateway.running().includes(shardId),
      count: shardCount,
    }),
    applicationId: application.id,
    botUserId: application.bot?.id ?? application.id,
    shardCount,
    leases,
  } satisfies DiscordConnection);

  app.addHook('onReady', async () => {
    if (leases) await leases.start();
    else await Promise.all(fixedShards.map((shardId) => gateway.start(shardId)));
    logger.info({ shardIds: gateway.running(), shardCount, auto }, 'connected to the Discord gateway');
  });
  app.readiness.add({
    name: 'discord',
    check: async () => {
      const notReady = await gateway.notReady();
      if (notReady.length > 0) throw new Error(`shards not ready: ${notReady.join(', ')}`);
    },
  });
  app.addHook('onClose', async () => {
    // The sessions outlive this process: the next replica on these shards resumes them.
    if (leases) await leases.close();
    else await Promise.all(gateway.running().map((shardId) => runner.stop(shardId, 'replica stopping')));
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
