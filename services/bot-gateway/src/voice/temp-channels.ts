import type { Bus } from '@guildwire/bus';
import type { KV } from '@nats-io/kv';
import { openBucket } from '../state/buckets.js';

/** A voice channel the bot created for a member: deleted when it becomes empty. */
export interface TempChannel {
  readonly guildId: string;
  readonly channelId: string;
  /** The member who may lock, hide, limit and rename it (changes with a claim). */
  readonly ownerId: string;
  /** Members in it, as the voice states this bot handled showed them. */
  readonly occupants: readonly string[];
  readonly createdAt: number;
}

/** What a member's join of the lobby has led to: a channel being created, or created. */
export interface OwnerMark {
  /** Set once the channel exists; absent while it is being created. */
  readonly channelId?: string;
  readonly since: number;
}

/** Thrown when another writer changed a record since it was read (a shard moved between replicas). */
export class TempChannelConflictError extends Error {
  override name = 'TempChannelConflictError';
}

/**
 * The temporary voice channels and their owners, in NATS KV (`bot_gateway_voice`), so whichever
 * replica runs a guild's shard — after a restart too — still knows which channels to delete.
 * Records are cached per guild after the first read; writes are compare-and-set on the revision
 * read, so a replica whose cache went stale (its shard moved away and back) fails instead of
 * overwriting, and reloads.
 */
export interface TempChannels {
  list(guildId: string): Promise<TempChannel[]>;
  get(guildId: string, channelId: string): Promise<TempChannel | undefined>;
  save(channel: TempChannel): Promise<void>;
  remove(guildId: string, channelId: string): Promise<void>;
  /** Drops the guild's cached records (the next read loads them from KV). */
  invalidate(guildId: string): void;
  /** Drops the cached records of every guild `matches` names. */
  invalidateWhere(matches: (guildId: string) => boolean): void;
  ownerMark(guildId: string, userId: string): Promise<OwnerMark | undefined>;
  /** Marks that a channel is being created for the member; false when a mark already exists. */
  claimCreation(guildId: string, userId: string): Promise<boolean>;
  setOwnerMark(guildId: string, userId: string, channelId: string): Promise<void>;
  /** Removes the member's mark (only when it still names `channelId`, if given). */
  clearOwnerMark(guildId: string, userId: string, channelId?: string): Promise<void>;
}

/** Opens (creating when missing) the voice bucket; see openBucket. */
export function openVoiceBucket(bus: Bus): Promise<KV> {
  return openBucket(bus, 'bot_gateway_voice', { history: 1 });
}

interface Held {
  readonly channel: TempChannel;
  /** KV revision read or written last; 0 = not in KV. */
  readonly revision: number;
}

/**
 * Temp channel records over the voice bucket; at most `maxGuilds` guilds' records are cached (the
 * least recently loaded goes first and is read from KV again when needed).
 */
export function createTempChannels(kv: KV, maxGuilds = 10_000): TempChannels {
  const guilds = new Map<string, Map<string, Held>>();
  const channelKey = (guildId: string, channelId: string) => `channel.${guildId}.${channelId}`;
  const ownerKey = (guildId: string, userId: string) => `owner.${guildId}.${userId}`;

  async function load(guildId: string): Promise<Map<string, Held>> {
    const cached = guilds.get(guildId);
    if (cached) return cached;
    const held = new Map<string, Held>();
    const keys: string[] = [];
    for await (const key of await kv.keys(`channel.${guildId}.*`)) keys.push(key);
    for (const key of keys) {
      const entry = await kv.get(key);
      if (entry?.operation !== 'PUT' || entry.length === 0) continue;
      const channel = entry.json<TempChannel>();
      held.set(channel.channelId, { channel, revision: entry.revision });
    }
    guilds.set(guildId, held);
    while (guilds.size > maxGuilds) guilds.delete(guilds.keys().next().value as string);
    return held;
  }

  async function readMark(guildId: string, userId: string) {
    const entry = await kv.get(ownerKey(guildId, userId));
    if (entry?.operation !== 'PUT' || entry.length === 0) return undefined;
    return { mark: entry.json<OwnerMark>(), revision: entry.revision };
  }

  return {
    list: async (guildId) => [...(await load(guildId)).values()].map((h) => h.channel),
    get: async (guildId, channelId) => (await load(guildId)).get(channelId)?.channel,
    async save(channel) {
      const held = await load(channel.guildId);
      const previous = held.get(channel.channelId)?.revision ?? 0;
      const key = channelKey(channel.guildId, channel.channelId);
      const value = JSON.stringify(channel);
      let revision: number;
      try {
        revision = previous === 0 ? await kv.create(key, value) : await kv.update(key, value, previous);
      } catch (err) {
        guilds.delete(channel.guildId);
        throw new TempChannelConflictError(`temp channel ${channel.channelId} changed elsewhere`, {
          cause: err,
        });
      }
      held.set(channel.channelId, { channel, revision });
    },
    async remove(guildId, channelId) {
      (await load(guildId)).delete(channelId);
      await kv.delete(channelKey(guildId, channelId));
    },
    invalidate(guildId) {
      guilds.delete(guildId);
    },
    invalidateWhere(matches) {
      for (const guildId of [...guilds.keys()]) if (matches(guildId)) guilds.delete(guildId);
    },
    ownerMark: async (guildId, userId) => (await readMark(guildId, userId))?.mark,
    async claimCreation(guildId, userId) {
      try {
        await kv.create(ownerKey(guildId, userId), JSON.stringify({ since: Date.now() } satisfies OwnerMark));
        return true;
      } catch (err) {
        // create fails when the key exists; when NATS failed instead, there is no mark to show it.
        if (await readMark(guildId, userId)) return false;
        throw err;
      }
    },
    async setOwnerMark(guildId, userId, channelId) {
      await kv.put(
        ownerKey(guildId, userId),
        JSON.stringify({ channelId, since: Date.now() } satisfies OwnerMark),
      );
    },
    async clearOwnerMark(guildId, userId, channelId) {
      const current = await readMark(guildId, userId);
      if (!current) return;
      if (
        channelId !== undefined &&
        current.mark.channelId !== undefined &&
        current.mark.channelId !== channelId
      )
        return;
      // A mark written meanwhile (a new creation) is newer than what is cleared here: keep it.
      await kv.delete(ownerKey(guildId, userId), { previousSeq: current.revision }).catch(() => undefined);
    },
  };
}
