import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { shardOfGuild } from '../discord/shard-range.js';
import { type CachedGuild, createGuildCache, type GuildCache } from './guild-cache.js';

/** A guild's channels and roles: from the cache, else fetched once over REST and cached. */
export type GuildDirectory = (guildId: string) => Promise<CachedGuild | undefined>;

// Discord answers 404 Unknown Guild / 403 Missing Access for a guild the bot is not in.
const notInGuild = new Set([10004, 50001]);

/**
 * The cache is filled by GUILD_CREATE, which Discord does not send again after a RESUME: a restarted
 * replica fetches a guild the first time it needs it, and dispatches keep it current afterwards.
 * Concurrent first uses of one guild share one fetch.
 */
export function createGuildDirectory(
  api: API,
  cache: GuildCache,
  shards: { readonly runs: (shardId: number) => boolean; readonly count: number },
): GuildDirectory {
  // A guild of another replica's shards gets no dispatches here: served fresh, never cached.
  const scratch = createGuildCache(1);
  const loading = new Map<string, Promise<CachedGuild | undefined>>();
  async function load(guildId: string): Promise<CachedGuild | undefined> {
    try {
      const [guild, channels, roles] = await Promise.all([
        api.guilds.get(guildId),
        api.guilds.getChannels(guildId),
        api.guilds.getRoles(guildId),
      ]);
      const shardId = shardOfGuild(guildId, shards.count);
      if (!shards.runs(shardId)) return scratch.fill(guild, channels, roles, shardId);
      return cache.guild(guildId) ?? cache.fill(guild, channels, roles, shardId);
    } catch (err) {
      if (err instanceof DiscordAPIError && typeof err.code === 'number' && notInGuild.has(err.code))
        return undefined;
      throw err;
    }
  }
  return async (guildId) => {
    const cached = cache.guild(guildId);
    if (cached) return cached;
    let pending = loading.get(guildId);
    if (!pending) {
      pending = load(guildId).finally(() => loading.delete(guildId));
      loading.set(guildId, pending);
    }
    return pending;
  };
}
