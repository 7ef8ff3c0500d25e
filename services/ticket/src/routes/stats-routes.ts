import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TicketSettingsSource } from '../domain/settings.js';
import type { TicketQueries } from '../use-cases/ticket-queries.js';
import { httpCaller } from './http-caller.js';
import { errors, GuildParams } from './schemas.js';

/** Options of the statistics and settings routes. */
export interface StatsRoutesOptions {
  readonly queries: TicketQueries;
  readonly settings: TicketSettingsSource;
}

const NullableMs = Type.Union([Type.Integer(), Type.Null()]);

/** `/stats` (counts, opened per day, median response and resolution times) and `/settings` (staff). */
export const statsRoutes: FastifyPluginAsyncTypebox<StatsRoutesOptions> = async (
  app,
  { queries, settings },
) => {
  app.get(
    '/tickets/stats',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: 'Open and claimed now, opened per UTC day, median first-response and resolution times',
        tags: ['tickets'],
        params: GuildParams,
        querystring: Type.Object({
          days: Type.Optional(Type.Integer({ minimum: 1, maximum: 366, default: 30 })),
        }),
        response: {
          200: Type.Object({
            open: Type.Integer(),
            claimed: Type.Integer(),
            openedPerDay: Type.Array(Type.Object({ date: Type.String(), count: Type.Integer() })),
            medianFirstResponseMs: NullableMs,
            medianResolutionMs: NullableMs,
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const stats = await queries.stats(
        httpCaller(request, request.params.guildId),
        request.query.days ?? 30,
      );
      return { ...stats, openedPerDay: stats.openedPerDay.map((d) => ({ ...d })) };
    },
  );

  app.get(
    '/tickets/settings',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary:
          'The ticket settings in effect for the guild (defaults until the config service provides them)',
        tags: ['tickets'],
        params: GuildParams,
        response: {
          200: Type.Object({
            openLimitPerUser: Type.Integer(),
            supportRoleIds: Type.Array(Type.String()),
            autoCloseAfterMs: Type.Integer(),
            closeRequestTimeoutMs: Type.Integer(),
          }),
          ...errors(401, 403),
        },
      },
    },
    async (request) => {
      const s = await settings.forGuild(request.params.guildId);
      return { ...s, supportRoleIds: [...s.supportRoleIds] };
    },
  );
};
