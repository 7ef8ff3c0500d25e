import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TicketQueries } from '../use-cases/ticket-queries.js';
import { httpCaller } from './http-caller.js';
import { errors, GuildParams } from './schemas.js';

/** Options of the statistics routes. */
export interface StatsRoutesOptions {
  readonly queries: TicketQueries;
}

const NullableMs = Type.Union([Type.Integer(), Type.Null()]);

/** `/stats` (staff): counts, opened per day, median response and resolution times. */
export const statsRoutes: FastifyPluginAsyncTypebox<StatsRoutesOptions> = async (app, { queries }) => {
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
};
