import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EntryJson, GiveawayJson, GiveawayReplyJson, toDashboardJson } from '@guildwire/contracts';
import { ifMatchVersion, setVersionTag, WriteHeaders } from '@guildwire/service-kit';
import { Type } from 'typebox';
import type { HistoryEntry } from '../domain/giveaway.js';
import { limits } from '../domain/limits.js';
import type { GiveawayChanges } from '../use-cases/giveaway-changes.js';
import type { GiveawayQueries } from '../use-cases/giveaway-queries.js';
import { entryToProto, giveawayReplyToProto, giveawayToProto } from '../wire/to-proto.js';
import { bonusFromBody, requirementsFromBody } from './body-mapping.js';
import { httpCaller } from './http-caller.js';
import {
  BonusBody,
  errors,
  GiveawayDetailsJson,
  GiveawayPageJson,
  GiveawayParams,
  GuildParams,
  ListQuery,
  RequirementsBody,
  Snowflake,
  StatsJson,
} from './schemas.js';

/** Options of the giveaway routes. */
export interface GiveawayRoutesOptions {
  readonly giveaways: GiveawayChanges;
  readonly queries: GiveawayQueries;
}

const DateTime = Type.String({ format: 'date-time' });

const CreateBody = Type.Object(
  {
    prize: Type.String({ minLength: 1, maxLength: limits.prize }),
    description: Type.Optional(Type.String({ maxLength: limits.description })),
    channelId: Type.Optional(Snowflake),
    winnerCount: Type.Integer({ description: 'At least 1, at most the guild maxWinners' }),
    startsAt: Type.Optional(DateTime),
    endsAt: DateTime,
    requirements: Type.Optional(RequirementsBody),
    bonusEntries: Type.Optional(BonusBody),
    useBeacon: Type.Optional(
      Type.Boolean({ description: 'Mix the public beacon round at the end into the draw' }),
    ),
  },
  { additionalProperties: false },
);

const EditBody = Type.Object(
  {
    prize: Type.Optional(Type.String({ minLength: 1, maxLength: limits.prize })),
    description: Type.Optional(Type.String({ maxLength: limits.description })),
    endsAt: Type.Optional(DateTime),
    winnerCount: Type.Optional(Type.Integer()),
    requirements: Type.Optional(RequirementsBody),
    bonusEntries: Type.Optional(BonusBody),
  },
  { additionalProperties: false, minProperties: 1 },
);

const historyJson = (h: HistoryEntry) => ({ ...h, at: h.at.toISOString() });

/** Create, list, read and edit giveaways, and a guild's stats: `/v1/guilds/:guildId/giveaways…`. */
export const giveawayRoutes: FastifyPluginAsyncTypebox<GiveawayRoutesOptions> = async (
  app,
  { giveaways, queries },
) => {
  app.post(
    '/giveaways',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: 'Create a giveaway (now or scheduled); the created event carries the seed commitment',
        tags: ['giveaways'],
        params: GuildParams,
        headers: WriteHeaders,
        body: CreateBody,
        response: { 201: GiveawayReplyJson, ...errors(400, 401, 403, 409, 422, 503) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await giveaways.create(
        httpCaller(request, request.params.guildId),
        {
          prize: b.prize,
          winnerCount: b.winnerCount,
          endsAt: new Date(b.endsAt),
          ...(b.description !== undefined ? { description: b.description } : {}),
          ...(b.channelId ? { channelId: b.channelId } : {}),
          ...(b.startsAt ? { startsAt: new Date(b.startsAt) } : {}),
          ...(b.requirements ? { requirements: requirementsFromBody(b.requirements) } : {}),
          ...(b.bonusEntries ? { bonusEntries: bonusFromBody(b.bonusEntries) } : {}),
          ...(b.useBeacon ? { useBeacon: true } : {}),
        },
        { idempotencyKey: request.headers['idempotency-key'] },
      );
      setVersionTag(reply, result.giveaway.version);
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(toDashboardJson(GiveawayReplyJson, giveawayReplyToProto(result)));
    },
  );

  app.get(
    '/giveaways',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: 'List giveaways (status, channel, host, end date range), newest first, cursor pagination',
        tags: ['giveaways'],
        params: GuildParams,
        querystring: ListQuery,
        response: { 200: GiveawayPageJson, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await queries.list(httpCaller(request, request.params.guildId), {
        limit: q.limit ?? 25,
        ...(q.status ? { status: q.status } : {}),
        ...(q.channel ? { channelId: q.channel } : {}),
        ...(q.host ? { hostId: q.host } : {}),
        ...(q.endsFrom ? { endsFrom: new Date(q.endsFrom) } : {}),
        ...(q.endsTo ? { endsTo: new Date(q.endsTo) } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      return {
        items: page.items.map((g) => toDashboardJson(GiveawayJson, giveawayToProto(g))),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },
  );

  app.get(
    '/giveaways/stats',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: "Counts of the guild's giveaways by status, entries and winners",
        tags: ['giveaways'],
        params: GuildParams,
        response: { 200: StatsJson, ...errors(400, 401, 403) },
      },
    },
    async (request) => queries.stats(httpCaller(request, request.params.guildId)),
  );

  app.get(
    '/giveaways/:giveawayId',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: "One giveaway with its entrant count, the caller's own entry and (managers) history",
        tags: ['giveaways'],
        params: GiveawayParams,
        response: { 200: GiveawayDetailsJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const d = await queries.get(httpCaller(request, request.params.guildId), request.params.giveawayId);
      setVersionTag(reply, d.giveaway.version);
      return {
        giveaway: toDashboardJson(GiveawayJson, giveawayToProto(d.giveaway)),
        ownEntry: d.ownEntry ? toDashboardJson(EntryJson, entryToProto(d.ownEntry)) : null,
        history: d.history.map(historyJson),
      };
    },
  );

  app.patch(
    '/giveaways/:giveawayId',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary:
          'Edit prize, description, end time, winner count, requirements, bonus entries; If-Match required',
        tags: ['giveaways'],
        params: GiveawayParams,
        headers: WriteHeaders,
        body: EditBody,
        response: { 200: GiveawayReplyJson, ...errors(400, 401, 403, 404, 409, 412, 422, 428) },
      },
    },
    async (request, reply) => {
      const b = request.body;
      const result = await giveaways.edit(
        httpCaller(request, request.params.guildId),
        request.params.giveawayId,
        {
          ...(b.prize !== undefined ? { prize: b.prize } : {}),
          ...(b.description !== undefined ? { description: b.description } : {}),
          ...(b.endsAt ? { endsAt: new Date(b.endsAt) } : {}),
          ...(b.winnerCount !== undefined ? { winnerCount: b.winnerCount } : {}),
          ...(b.requirements ? { requirements: requirementsFromBody(b.requirements) } : {}),
          ...(b.bonusEntries ? { bonusEntries: bonusFromBody(b.bonusEntries) } : {}),
        },
        {
          expectedVersion: ifMatchVersion(request.headers, true),
          idempotencyKey: request.headers['idempotency-key'],
        },
      );
      setVersionTag(reply, result.giveaway.version);
      return toDashboardJson(GiveawayReplyJson, giveawayReplyToProto(result));
    },
  );
};
