import type { FakeDiscordContext } from '../context.js';
import { requireGuild, requireMember, requireUser } from './lookup.js';
import { guildCreatePayload, memberPayload } from './payloads.js';
import { ADMINISTRATOR, DEFAULT_EVERYONE_PERMISSIONS } from './permissions.js';
import type { GuildRecord } from './store.js';
import type { ApiRole, ApiUser, MemberRecord } from './types.js';
import { disconnectMember } from './voice.js';

/** Fields of a user created through the control API. */
export interface UserInput {
  username: string;
  id?: string;
  bot?: boolean;
  globalName?: string;
}

/** Creates a user (not yet a member of any guild). */
export function createUser(ctx: FakeDiscordContext, input: UserInput): ApiUser {
  const user: ApiUser = {
    id: input.id ?? ctx.ids.next(),
    username: input.username,
    discriminator: '0',
    global_name: input.globalName ?? null,
    avatar: null,
    bot: input.bot ?? false,
    system: false,
    public_flags: 0,
    flags: 0,
  };
  ctx.store.users.set(user.id, user);
  return user;
}

/** Fields of a role. */
export interface RoleInput {
  /** A fixed id (seeded data that must stay the same between runs); a new snowflake when absent. */
  id?: string;
  name: string;
  permissions?: string;
  color?: number;
  hoist?: boolean;
  mentionable?: boolean;
  managed?: boolean;
}

function newRole(ctx: FakeDiscordContext, guild: GuildRecord, input: RoleInput, id?: string): ApiRole {
  return {
    id: id ?? ctx.ids.next(),
    name: input.name,
    color: input.color ?? 0,
    hoist: input.hoist ?? false,
    icon: null,
    unicode_emoji: null,
    position: guild.roles.size,
    permissions: input.permissions ?? '0',
    managed: input.managed ?? false,
    mentionable: input.mentionable ?? false,
    flags: 0,
  };
}

/** Fields of a guild created through the control API. */
export interface GuildInput {
  name: string;
  id?: string;
  ownerId?: string;
  /**
   * Whether the bot is in the guild (default true). A guild without it exists only for its users
   * (OAuth2 guild lists): no GUILD_CREATE, and the bot's REST calls on it get 403 Missing Access.
   */
  withBot?: boolean;
}

/**
 * Creates a guild the bot is in: an @everyone role (its id is the guild's), the bot's managed
 * role, the owner and the bot as members. Live sessions of the right shard get GUILD_CREATE.
 */
export function createGuild(ctx: FakeDiscordContext, input: GuildInput): GuildRecord {
  const id = input.id ?? ctx.ids.next();
  const owner = input.ownerId
    ? requireUser(ctx.store, input.ownerId)
    : createUser(ctx, { username: `${input.name.toLowerCase().replace(/\W+/g, '-')}-owner` });
  const guild: GuildRecord = {
    id,
    name: input.name,
    ownerId: owner.id,
    roles: new Map(),
    members: new Map(),
  };
  const everyone = newRole(
    ctx,
    guild,
    { name: '@everyone', permissions: DEFAULT_EVERYONE_PERMISSIONS.toString() },
    id,
  );
  guild.roles.set(everyone.id, everyone);
  const now = new Date().toISOString();
  guild.members.set(owner.id, { userId: owner.id, nick: null, roles: [], joined_at: now });
  ctx.store.guilds.set(id, guild);
  if (input.withBot === false) return guild;
  const botRole = newRole(ctx, guild, {
    name: ctx.botUser.username,
    permissions: ADMINISTRATOR.toString(),
    managed: true,
  });
  guild.roles.set(botRole.id, botRole);
  guild.members.set(ctx.botUser.id, {
    userId: ctx.botUser.id,
    nick: null,
    roles: [botRole.id],
    joined_at: now,
  });
  ctx.bus.publish({
    kind: 'dispatch',
    name: 'GUILD_CREATE',
    guildId: id,
    data: guildCreatePayload(ctx, guild),
  });
  return guild;
}

/** Creates a role in a guild and dispatches GUILD_ROLE_CREATE. */
export function createRole(ctx: FakeDiscordContext, guildId: string, input: RoleInput): ApiRole {
  const guild = requireGuild(ctx.store, guildId);
  const role = newRole(ctx, guild, input, input.id);
  guild.roles.set(role.id, role);
  ctx.bus.publish({
    kind: 'dispatch',
    name: 'GUILD_ROLE_CREATE',
    guildId,
    data: { guild_id: guildId, role },
  });
  return role;
}

/** Fields of a guild membership. */
export interface MemberInput {
  roles?: string[];
  nick?: string | null;
}

/** Adds a user to a guild and dispatches GUILD_MEMBER_ADD. */
export function addMember(
  ctx: FakeDiscordContext,
  guildId: string,
  userId: string,
  input: MemberInput = {},
): MemberRecord {
  const guild = requireGuild(ctx.store, guildId);
  requireUser(ctx.store, userId);
  const member: MemberRecord = {
    userId,
    nick: input.nick ?? null,
    roles: input.roles ?? [],
    joined_at: new Date().toISOString(),
  };
  guild.members.set(userId, member);
  ctx.bus.publish({
    kind: 'dispatch',
    name: 'GUILD_MEMBER_ADD',
    guildId,
    data: { ...memberPayload(ctx, member), guild_id: guildId },
  });
  return member;
}

/** Changes a member's roles or nickname and dispatches GUILD_MEMBER_UPDATE. */
export function updateMember(
  ctx: FakeDiscordContext,
  guildId: string,
  userId: string,
  input: MemberInput,
): MemberRecord {
  const guild = requireGuild(ctx.store, guildId);
  const member = requireMember(guild, userId);
  if (input.roles !== undefined) member.roles = [...new Set(input.roles)];
  if (input.nick !== undefined) member.nick = input.nick;
  ctx.bus.publish({
    kind: 'dispatch',
    name: 'GUILD_MEMBER_UPDATE',
    guildId,
    data: { ...memberPayload(ctx, member), guild_id: guildId },
  });
  return member;
}

/** Removes a member from a guild and dispatches GUILD_MEMBER_REMOVE. */
export function removeMember(ctx: FakeDiscordContext, guildId: string, userId: string): void {
  const guild = requireGuild(ctx.store, guildId);
  requireMember(guild, userId);
  disconnectMember(ctx, guildId, userId);
  guild.members.delete(userId);
  const user = ctx.store.users.get(userId);
  ctx.bus.publish({
    kind: 'dispatch',
    name: 'GUILD_MEMBER_REMOVE',
    guildId,
    data: { guild_id: guildId, user },
  });
}
