import type { MessageInitShape } from '@bufbuild/protobuf';
import { type API, ChannelType, PermissionFlagsBits } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import type { DiscordChannel, DiscordRole, MemberRolesReplySchema } from '@guildwire/contracts';
import type { GuildDirectory } from '../cache/guild-directory.js';
import { botErrors } from '../errors.js';
import { shardOfGuild } from './shard-range.js';

type Init<T> = Omit<T, '$typeName' | '$unknown'>;

/** What the dashboard asks of Discord: one place for cmd.discord.* and the HTTP routes. */
export interface GuildQueries {
  channels(guildId: string): Promise<Init<DiscordChannel>[]>;
  roles(guildId: string): Promise<Init<DiscordRole>[]>;
  memberRoles(guildId: string, userId: string): Promise<MessageInitShape<typeof MemberRolesReplySchema>>;
  presence(
    guildId: string,
  ): Promise<{ present: boolean; shardId: number; shardCount: number; guildName: string }>;
}

const adminBits = PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild;
const threadTypes = new Set<number>([
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

/** A member's role ids from REST; null when not (or no longer) in the guild. */
async function fetchMemberRoles(api: API, guildId: string, userId: string): Promise<string[] | null> {
  try {
    return (await api.guilds.getMember(guildId, userId)).roles;
  } catch (err) {
    // 10007 Unknown Member, 10013 Unknown User: not (or no longer) in the guild.
    if (err instanceof DiscordAPIError && (err.code === 10007 || err.code === 10013)) return null;
    throw err;
  }
}

/** Guild queries over the directory (cache, else REST) and REST for members. */
export function createGuildQueries(api: API, guilds: GuildDirectory, shardCount: number): GuildQueries {
  const require = async (guildId: string) => {
    const guild = await guilds(guildId);
    if (!guild) throw new botErrors.DISCORD_ERR_GUILD_UNAVAILABLE(guildId);
    return guild;
  };
  return {
    async channels(guildId) {
      const guild = await require(guildId);
      return [...guild.channels.values()]
        .filter((c) => !threadTypes.has(c.type))
        .sort((a, b) => a.position - b.position || a.id.localeCompare(b.id))
        .map((c) => ({
          id: c.id,
          name: c.name,
          type: c.type,
          position: c.position,
          ...(c.parentId ? { parentId: c.parentId } : {}),
        }));
    },
    async roles(guildId) {
      const guild = await require(guildId);
      return [...guild.roles.values()].sort((a, b) => b.position - a.position).map((r) => ({ ...r }));
    },
    async memberRoles(guildId, userId) {
      const guild = await require(guildId);
      // Cached from GUILD_MEMBER_* dispatches and interactions (guilds of this replica's shards only).
      let roleIds = guild.members.get(userId);
      if (roleIds === undefined) {
        roleIds = await fetchMemberRoles(api, guildId, userId);
        guild.members.setIfAbsent(userId, roleIds);
      }
      if (roleIds === null) return { isMember: false, roleIds: [], guildAdmin: false, owner: false };
      // @everyone (id = guild id) grants permissions too.
      const permissions = [guildId, ...roleIds].reduce(
        (bits, id) => bits | BigInt(guild.roles.get(id)?.permissions ?? '0'),
        0n,
      );
      const owner = guild.ownerId === userId;
      return {
        isMember: true,
        roleIds: [...roleIds],
        owner,
        guildAdmin: owner || (permissions & adminBits) !== 0n,
      };
    },
    async presence(guildId) {
      const guild = await guilds(guildId);
      return {
        present: guild !== undefined,
        shardId: shardOfGuild(guildId, shardCount),
        shardCount,
        guildName: guild?.name ?? '',
      };
    },
  };
}
