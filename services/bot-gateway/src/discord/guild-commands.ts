import { createHash } from 'node:crypto';
import {
  GatewayDispatchEvents,
  type RESTPutAPIApplicationCommandsJSONBody,
  type RESTPutAPIApplicationGuildCommandsJSONBody,
} from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { WebSocketShardEvents } from '@discordjs/ws';
import type { KV } from '@nats-io/kv';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { shardOfGuild } from './shard-range.js';

/** Options of per-guild command registration (COMMANDS_SCOPE=guild). */
export interface GuildCommandsOptions {
  /** Per guild, the hash of the definition registered there. */
  readonly kv: KV;
  readonly commands: RESTPutAPIApplicationCommandsJSONBody;
}

// The bot is no longer in the guild (Unknown Guild, Missing Access).
const gone = new Set([10004, 50001]);

/**
 * Registers the slash commands in each guild of this replica's shards, which Discord shows at once
 * (global commands can take a while): what development servers want. A guild gets a bulk overwrite
 * only when the definition's hash differs from the one recorded for it in KV, so READY's burst of
 * GUILD_CREATEs, restarts and several replicas cost one KV read per guild and no Discord request.
 */
async function guildCommandsPlugin(app: FastifyInstance, options: GuildCommandsOptions) {
  const { discord } = app;
  const { kv } = options;
  const logger = (app.log as Logger).child({ component: 'guild-commands' });
  const hash = createHash('sha256').update(JSON.stringify(options.commands)).digest('hex').slice(0, 32);
  const pending = new Map<string, Promise<void>>();

  async function register(guildId: string): Promise<void> {
    const key = `guild.${guildId}`;
    const entry = await kv.get(key);
    if (entry?.operation === 'PUT' && entry.string() === hash) return;
    try {
      await discord.api.applicationCommands.bulkOverwriteGuildCommands(
        discord.applicationId,
        guildId,
        // Global and guild commands share a shape, except entry-point commands, which the bot has none of.
        options.commands as RESTPutAPIApplicationGuildCommandsJSONBody,
      );
    } catch (err) {
      if (err instanceof DiscordAPIError && typeof err.code === 'number' && gone.has(err.code)) {
        await kv.delete(key);
        return;
      }
      throw err;
    }
    await kv.put(key, hash);
    logger.info({ guildId }, 'registered slash commands in the guild');
  }

  /** One registration per guild at a time; failures are logged (the next GUILD_CREATE or start retries). */
  function ensure(guildId: string): Promise<void> {
    const running = pending.get(guildId);
    if (running) return running;
    const work = register(guildId)
      .catch((err: unknown) => logger.warn({ err, guildId }, 'could not register slash commands in a guild'))
      .finally(() => pending.delete(guildId));
    pending.set(guildId, work);
    return work;
  }

  /**
   * After a RESUME Discord sends no GUILD_CREATE: the guilds registered before on this shard are
   * checked against the current definition (a deploy that changed it updates them here).
   */
  async function sweep(shardId: number): Promise<void> {
    const guildIds: string[] = [];
    for await (const key of await kv.keys('guild.*')) {
      const guildId = key.slice('guild.'.length);
      if (shardOfGuild(guildId, discord.shardCount) === shardId) guildIds.push(guildId);
    }
    await Promise.all(guildIds.map(ensure));
  }

  discord.gateway.on(WebSocketShardEvents.Dispatch, (payload) => {
    if (payload.t !== GatewayDispatchEvents.GuildCreate) return;
    if ('unavailable' in payload.d && payload.d.unavailable) return;
    void ensure(payload.d.id);
  });
  discord.gateway.on(WebSocketShardEvents.Resumed, (shardId) => {
    void sweep(shardId).catch((err: unknown) => logger.warn({ err, shardId }, 'slash command sweep failed'));
  });
  app.addHook('onClose', async () => {
    await Promise.allSettled([...pending.values()]);
  });
}

/** Per-guild slash command registration, idempotent by a hash of the definition kept in KV. */
export const guildCommands = fp(guildCommandsPlugin, {
  name: 'guildwire-guild-commands',
  fastify: '5.x',
  dependencies: ['guildwire-discord'],
});
