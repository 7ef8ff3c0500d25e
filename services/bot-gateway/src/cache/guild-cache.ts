import {
  type APIRole,
  ChannelType,
  GatewayDispatchEvents,
  type GatewayDispatchPayload,
} from '@discordjs/core';
import { createMemberRoles, type MemberRoles } from './member-roles.js';

/** What the bot remembers of a guild channel (threads are not cached: tickets make many of them). */
export interface CachedChannel {
  readonly id: string;
  readonly name: string;
  readonly type: number;
  readonly parentId: string | null;
  readonly position: number;
}

/** What the bot remembers of a role. */
export interface CachedRole {
  readonly id: string;
  readonly name: string;
  readonly color: number;
  readonly position: number;
  readonly permissions: string;
  readonly managed: boolean;
}

/** One guild as the gateway has shown it. */
export interface CachedGuild {
  readonly id: string;
  name: string;
  ownerId: string;
  shardId: number;
  readonly channels: Map<string, CachedChannel>;
  readonly roles: Map<string, CachedRole>;
  /** Members' role ids (bounded); kept current by GUILD_MEMBER_* dispatches and interactions. */
  readonly members: MemberRoles;
}

/** Channels and roles of the guilds on this replica's shards, from dispatches only. */
export interface GuildCache {
  apply(payload: GatewayDispatchPayload, shardId: number): void;
  /** Fills a guild from REST answers (after a RESUME Discord sends no GUILD_CREATE again). */
  fill(
    guild: { id: string; name: string; owner_id: string },
    channels: readonly ChannelLike[],
    roles: readonly APIRole[],
    shardId: number,
  ): CachedGuild;
  guild(guildId: string): CachedGuild | undefined;
  /** Forgets the guilds of a shard handed to another replica (no more dispatches would come here). */
  dropShard(shardId: number): void;
  /** Text channels under a category (what Discord's 50-channel limit counts). */
  childrenOf(guildId: string, categoryId: string): number;
  size(): number;
}

const threadTypes = new Set<number>([
  ChannelType.PublicThread,
  ChannelType.PrivateThread,
  ChannelType.AnnouncementThread,
]);

/** The channel fields the cache reads, as GUILD_CREATE, CHANNEL_* and REST carry them. */
interface ChannelLike {
  id: string;
  type: number;
  name?: string | null | undefined;
  parent_id?: string | null | undefined;
  position?: number | undefined;
}

function toChannel(c: ChannelLike): CachedChannel {
  return {
    id: c.id,
    name: c.name ?? '',
    type: c.type,
    parentId: c.parent_id ?? null,
    position: c.position ?? 0,
  };
}

function toRole(r: APIRole): CachedRole {
  return {
    id: r.id,
    name: r.name,
    color: r.color,
    position: r.position,
    permissions: r.permissions,
    managed: r.managed,
  };
}

/**
 * A bounded cache: Discord caps a guild at 500 channels and 250 roles, at most `maxMembers` members'
 * roles are kept per guild, and at most `maxGuilds` guilds are kept (the least recently updated goes
 * first, members with it; it comes back with its next GUILD_CREATE or first use).
 */
export function createGuildCache(maxGuilds: number, maxMembers = 0): GuildCache {
  const guilds = new Map<string, CachedGuild>();
  const touch = (guild: CachedGuild) => {
    guilds.delete(guild.id);
    guilds.set(guild.id, guild);
    while (guilds.size > maxGuilds) guilds.delete(guilds.keys().next().value as string);
  };
  const guildOf = (guildId: string | undefined) => (guildId ? guilds.get(guildId) : undefined);
  const fill: GuildCache['fill'] = (g, channels, roles, shardId) => {
    const guild: CachedGuild = {
      id: g.id,
      name: g.name,
      ownerId: g.owner_id,
      shardId,
      channels: new Map(channels.filter((c) => !threadTypes.has(c.type)).map((c) => [c.id, toChannel(c)])),
      roles: new Map(roles.map((r) => [r.id, toRole(r)])),
      members: createMemberRoles(maxMembers),
    };
    touch(guild);
    return guild;
  };

  return {
    fill,
    apply(payload, shardId) {
      switch (payload.t) {
        case GatewayDispatchEvents.GuildCreate: {
          const d = payload.d;
          if ('unavailable' in d && d.unavailable) return;
          const guild = fill(d, d.channels, d.roles, shardId);
          for (const member of d.members.slice(0, maxMembers))
            if (member.user) guild.members.set(member.user.id, member.roles);
          return;
        }
        case GatewayDispatchEvents.GuildUpdate: {
          const guild = guilds.get(payload.d.id);
          if (guild) {
            guild.name = payload.d.name;
            guild.ownerId = payload.d.owner_id;
          }
          return;
        }
        case GatewayDispatchEvents.GuildDelete:
          guilds.delete(payload.d.id);
          return;
        case GatewayDispatchEvents.ChannelCreate:
        case GatewayDispatchEvents.ChannelUpdate: {
          const c = payload.d;
          const guild = guildOf('guild_id' in c ? c.guild_id : undefined);
          if (guild && !threadTypes.has(c.type)) guild.channels.set(c.id, toChannel(c));
          return;
        }
        case GatewayDispatchEvents.ChannelDelete: {
          const c = payload.d;
          guildOf('guild_id' in c ? c.guild_id : undefined)?.channels.delete(c.id);
          return;
        }
        case GatewayDispatchEvents.GuildRoleCreate:
        case GatewayDispatchEvents.GuildRoleUpdate:
          guildOf(payload.d.guild_id)?.roles.set(payload.d.role.id, toRole(payload.d.role));
          return;
        case GatewayDispatchEvents.GuildRoleDelete:
          guildOf(payload.d.guild_id)?.roles.delete(payload.d.role_id);
          return;
        case GatewayDispatchEvents.GuildMemberAdd:
        case GatewayDispatchEvents.GuildMemberUpdate:
          guildOf(payload.d.guild_id)?.members.set(payload.d.user.id, payload.d.roles);
          return;
        case GatewayDispatchEvents.GuildMemberRemove:
          guildOf(payload.d.guild_id)?.members.set(payload.d.user.id, null);
          return;
        case GatewayDispatchEvents.InteractionCreate: {
          // An interaction carries the member's roles as they are now: as good as a dispatch.
          const { member, guild_id: guildId } = payload.d;
          if (member?.user && Array.isArray(member.roles))
            guildOf(guildId)?.members.set(member.user.id, member.roles);
          return;
        }
        default:
          return;
      }
    },
    guild: (guildId) => guilds.get(guildId),
    dropShard(shardId) {
      for (const [id, guild] of guilds) if (guild.shardId === shardId) guilds.delete(id);
    },
    childrenOf(guildId, categoryId) {
      let n = 0;
      for (const c of guilds.get(guildId)?.channels.values() ?? []) if (c.parentId === categoryId) n++;
      return n;
    },
    size: () => guilds.size,
  };
}
