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
const DateTime = Type.String({ format: 'date-time' });
const RangeQuery = Type.Object(
  {
    from: Type.Optional({ ...DateTime, description: 'Start (inclusive); default: 30 days before `to`' }),
    to: Type.Optional({
      ...DateTime,
      description: 'End (exclusive); default: now. At most 366 days after `from`',
    }),
  },
  { additionalProperties: false },
);
const Rated = {
  medianFirstResponseMs: NullableMs,
  medianResolutionMs: NullableMs,
  averageRating: Type.Union([Type.Number(), Type.Null()]),
  ratings: Type.Integer(),
};
const StaffRow = Type.Object({
  staffId: Type.String(),
  claimed: Type.Integer(),
  closed: Type.Integer(),
  ...Rated,
});
const CategoryRow = Type.Object({
  categoryId: Type.String(),
  opened: Type.Integer(),
  closed: Type.Integer(),
  ...Rated,
});
const iso = (range: { from: Date; to: Date }) => ({
  from: range.from.toISOString(),
  to: range.to.toISOString(),
});

/** `/stats` (staff): counts, opened per day, median response and resolution times; per staff member and per category over a range. */
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

  app.get(
    '/tickets/stats/staff',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary:
          'Per staff member over [from, to): tickets claimed, tickets closed while they held them, median first response and resolution of those, ratings given to them',
        tags: ['tickets'],
        params: GuildParams,
        querystring: RangeQuery,
        response: {
          200: Type.Object({ from: DateTime, to: DateTime, staff: Type.Array(StaffRow) }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      const stats = await queries.staffStats(httpCaller(request, request.params.guildId), from, to);
      return { ...iso(stats), staff: stats.staff.map((s) => ({ ...s })) };
    },
  );

  app.get(
    '/tickets/stats/categories',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary:
          'Per ticket category over [from, to): opened, closed, median first response and resolution, ratings',
        tags: ['tickets'],
        params: GuildParams,
        querystring: RangeQuery,
        response: {
          200: Type.Object({ from: DateTime, to: DateTime, categories: Type.Array(CategoryRow) }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const { from, to } = request.query;
      const stats = await queries.categoryStats(httpCaller(request, request.params.guildId), from, to);
      return { ...iso(stats), categories: stats.categories.map((c) => ({ ...c })) };
    },
  );
};
