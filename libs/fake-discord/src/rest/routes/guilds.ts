import type { FastifyInstance } from 'fastify';
import type { FakeDiscordContext } from '../../context.js';
import { discordErrors } from '../../errors.js';
import { createChannel } from '../../state/channels.js';
import { createRole, updateMember } from '../../state/guilds.js';
import { requireGuild, requireMember, THREAD_TYPES } from '../../state/lookup.js';
import { guildPayload, memberPayload } from '../../state/payloads.js';
import { threadMemberIds } from '../../state/threads.js';
import { parseChannelCreate } from '../validation/channel.js';
import { checkString, createFormErrors, requireBody } from '../validation/form-errors.js';
import { parseMemberMove } from './voice-states.js';

interface GuildParams {
  guildId: string;
  userId: string;
  roleId: string;
}

/** Guild, channel list/create, roles, members and member roles. */
export function registerGuildRoutes(app: FastifyInstance, ctx: FakeDiscordContext): void {
  const guildOf = (id: string) => requireGuild(ctx.store, id);
  app.get<{ Params: GuildParams }>('/guilds/:guildId', async (request) => {
    const guild = guildOf(request.params.guildId);
    return { ...guildPayload(guild), approximate_member_count: guild.members.size };
  });
  app.get<{ Params: GuildParams }>('/guilds/:guildId/channels', async (request) => {
    const guild = guildOf(request.params.guildId);
    return [...ctx.store.channels.values()].filter(
      (c) => c.guild_id === guild.id && !THREAD_TYPES.has(c.type),
    );
  });
  app.post<{ Params: GuildParams }>('/guilds/:guildId/channels', async (request, reply) => {
    const guild = guildOf(request.params.guildId);
    const channel = createChannel(ctx, guild.id, parseChannelCreate(request.body, ctx.store, guild.id));
    return reply.code(201).send(channel);
  });
  app.get<{ Params: GuildParams }>('/guilds/:guildId/threads/active', async (request) => {
    const guild = guildOf(request.params.guildId);
    const threads = [...ctx.store.channels.values()].filter(
      (c) => c.guild_id === guild.id && THREAD_TYPES.has(c.type) && !c.thread_metadata?.archived,
    );
    const members = threads.flatMap((t) =>
      threadMemberIds(ctx, t.id).map((userId) => ({
        id: t.id,
        user_id: userId,
        join_timestamp: t.thread_metadata?.create_timestamp,
        flags: 0,
      })),
    );
    return { threads, members };
  });
  app.get<{ Params: GuildParams }>('/guilds/:guildId/roles', async (request) => [
    ...guildOf(request.params.guildId).roles.values(),
  ]);
  app.post<{ Params: GuildParams }>('/guilds/:guildId/roles', async (request) => {
    const guild = guildOf(request.params.guildId);
    const body = requireBody(request.body ?? {});
    const errors = createFormErrors();
    const name = checkString(errors, ['name'], body.name, { max: 100 });
    errors.throwIfAny();
    const input = { name: name ?? 'new role' };
    return createRole(ctx, guild.id, {
      ...input,
      ...(typeof body.permissions === 'string' ? { permissions: body.permissions } : {}),
      ...(typeof body.color === 'number' ? { color: body.color } : {}),
      ...(typeof body.hoist === 'boolean' ? { hoist: body.hoist } : {}),
      ...(typeof body.mentionable === 'boolean' ? { mentionable: body.mentionable } : {}),
    });
  });
  app.get<{ Params: GuildParams; Querystring: { limit?: string; after?: string } }>(
    '/guilds/:guildId/members',
    async (request) => {
      const guild = guildOf(request.params.guildId);
      const limit = Math.min(Math.max(Number(request.query.limit ?? 1), 1), 1000);
      const after = BigInt(request.query.after ?? '0');
      return [...guild.members.values()]
        .filter((m) => BigInt(m.userId) > after)
        .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
        .slice(0, limit)
        .map((m) => memberPayload(ctx, m));
    },
  );
  app.get<{ Params: GuildParams }>('/guilds/:guildId/members/:userId', async (request) => {
    const guild = guildOf(request.params.guildId);
    return memberPayload(ctx, requireMember(guild, request.params.userId));
  });
  app.patch<{ Params: GuildParams }>('/guilds/:guildId/members/:userId', async (request) => {
    const guild = guildOf(request.params.guildId);
    requireMember(guild, request.params.userId);
    const body = requireBody(request.body);
    const roles = Array.isArray(body.roles) ? body.roles.map(String) : undefined;
    for (const roleId of roles ?? []) if (!guild.roles.has(roleId)) throw discordErrors.unknownRole();
    const nick = typeof body.nick === 'string' || body.nick === null ? body.nick : undefined;
    // channel_id moves a connected member to another voice channel (null disconnects them).
    const move = parseMemberMove(ctx, guild, request.params.userId, body);
    move?.();
    // A move alone changes the voice state, not the member: no GUILD_MEMBER_UPDATE.
    if (move && !roles && nick === undefined)
      return memberPayload(ctx, requireMember(guild, request.params.userId));
    const member = updateMember(ctx, guild.id, request.params.userId, {
      ...(roles ? { roles } : {}),
      ...(nick !== undefined ? { nick } : {}),
    });
    return memberPayload(ctx, member);
  });
  const changeRole =
    (add: boolean) =>
    async (request: { params: GuildParams }, reply: { code(n: number): { send(): unknown } }) => {
      const guild = guildOf(request.params.guildId);
      const member = requireMember(guild, request.params.userId);
      if (!guild.roles.has(request.params.roleId)) throw discordErrors.unknownRole();
      const roles = add
        ? [...member.roles, request.params.roleId]
        : member.roles.filter((r) => r !== request.params.roleId);
      updateMember(ctx, guild.id, member.userId, { roles });
      return reply.code(204).send();
    };
  app.put<{ Params: GuildParams }>('/guilds/:guildId/members/:userId/roles/:roleId', changeRole(true));
  app.delete<{ Params: GuildParams }>('/guilds/:guildId/members/:userId/roles/:roleId', changeRole(false));
}
