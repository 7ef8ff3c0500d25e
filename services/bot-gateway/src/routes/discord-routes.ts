import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorCodes } from '@guildwire/errors';
import { ErrorResponseSchema } from '@guildwire/service-kit';
import { Type } from 'typebox';
import type { GuildQueries } from '../discord/guild-queries.js';

/** Options of the Discord routes. */
export interface DiscordRoutesOptions {
  readonly queries: GuildQueries;
}

const Snowflake = Type.String({ pattern: '^[0-9]{17,20}$' });
const GuildParams = Type.Object({ guildId: Snowflake });
const MemberParams = Type.Object({ guildId: Snowflake, userId: Snowflake });
const Channel = Type.Object({
  id: Type.String(),
  name: Type.String(),
  type: Type.Integer(),
  parentId: Type.Union([Type.String(), Type.Null()]),
  position: Type.Integer(),
});
const Role = Type.Object({
  id: Type.String(),
  name: Type.String(),
  color: Type.Integer(),
  position: Type.Integer(),
  permissions: Type.String(),
  managed: Type.Boolean(),
});
const errors = { 401: ErrorResponseSchema, 403: ErrorResponseSchema, 404: ErrorResponseSchema };
const categoryType = 4;

/** A guild's channels, categories and roles for the pickers; a member's roles; the bot's presence. */
export const discordRoutes: FastifyPluginAsyncTypebox<DiscordRoutesOptions> = async (app, { queries }) => {
  const tags = ['discord'];
  const channels = async (guildId: string) =>
    (await queries.channels(guildId)).map((c) => ({ ...c, parentId: c.parentId ?? null }));

  app.get(
    '/discord/channels',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: "The guild's channels (categories included)",
        tags,
        params: GuildParams,
        response: { 200: Type.Array(Channel), ...errors },
      },
    },
    async (request) => channels(request.params.guildId),
  );

  app.get(
    '/discord/categories',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: "The guild's categories",
        tags,
        params: GuildParams,
        response: { 200: Type.Array(Channel), ...errors },
      },
    },
    async (request) => (await channels(request.params.guildId)).filter((c) => c.type === categoryType),
  );

  app.get(
    '/discord/roles',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: "The guild's roles, highest first",
        tags,
        params: GuildParams,
        response: { 200: Type.Array(Role), ...errors },
      },
    },
    async (request) => queries.roles(request.params.guildId),
  );

  app.get(
    '/discord/members/:userId/roles',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: "A member's role ids (their own, or anyone's for staff)",
        tags,
        params: MemberParams,
        response: {
          200: Type.Object({
            isMember: Type.Boolean(),
            roleIds: Type.Array(Type.String()),
            guildAdmin: Type.Boolean(),
            owner: Type.Boolean(),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { guildId, userId } = request.params;
      const role = request.user.guilds[guildId];
      if (request.user.sub !== userId && role === 'member')
        throw new errorCodes.GW_ERR_FORBIDDEN('members may read only their own roles');
      const reply = await queries.memberRoles(guildId, userId);
      return {
        isMember: reply.isMember ?? false,
        roleIds: [...(reply.roleIds ?? [])],
        guildAdmin: reply.guildAdmin ?? false,
        owner: reply.owner ?? false,
      };
    },
  );

  app.get(
    '/discord/presence',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: 'Is the bot in the guild, and on which shard',
        tags,
        params: GuildParams,
        response: {
          200: Type.Object({
            present: Type.Boolean(),
            shardId: Type.Integer(),
            shardCount: Type.Integer(),
            guildName: Type.String(),
          }),
          ...errors,
        },
      },
    },
    async (request) => queries.presence(request.params.guildId),
  );
};
