import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { EntryJson, EntryReplyJson, toDashboardJson } from '@guildwire/contracts';
import type { Entries, EntryResult } from '../use-cases/entries.js';
import type { GiveawayQueries } from '../use-cases/giveaway-queries.js';
import { entryToProto } from '../wire/to-proto.js';
import { httpCaller } from './http-caller.js';
import { EntrantsPageJson, EntrantsQuery, errors, GiveawayParams } from './schemas.js';

const entryReply = (r: EntryResult) =>
  toDashboardJson(EntryReplyJson, {
    $typeName: 'guildwire.giveaway.v1.EntryReply',
    ...(r.entry ? { entry: entryToProto(r.entry) } : {}),
    alreadyEntered: r.alreadyEntered,
  });

/**
 * Entering and leaving from the dashboard, and the entrant list (managers). The dashboard cannot
 * vouch for a member's Discord roles or join time (the bot passes those), so an entry over HTTP
 * carries no roles: a giveaway with requirements refuses it (enter in Discord), and it has no bonus.
 */
export const entryRoutes: FastifyPluginAsyncTypebox<{
  readonly entries: Entries;
  readonly queries: GiveawayQueries;
}> = async (app, { entries, queries }) => {
  app.post(
    '/giveaways/:giveawayId/entry',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: 'Enter (idempotent: a second entry answers the first with alreadyEntered)',
        tags: ['entries'],
        params: GiveawayParams,
        response: { 200: EntryReplyJson, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      entryReply(
        await entries.enter(httpCaller(request, request.params.guildId), request.params.giveawayId, {
          roleIds: [],
          joinedAt: null,
          accountCreatedAt: null,
        }),
      ),
  );

  app.delete(
    '/giveaways/:giveawayId/entry',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: 'Leave (no entry is not an error: entry is then null)',
        tags: ['entries'],
        params: GiveawayParams,
        response: { 200: EntryReplyJson, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      entryReply(await entries.leave(httpCaller(request, request.params.guildId), request.params.giveawayId)),
  );

  app.get(
    '/giveaways/:giveawayId/entrants',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: 'Entrants by user id, cursor pagination (managers)',
        tags: ['entries'],
        params: GiveawayParams,
        querystring: EntrantsQuery,
        response: { 200: EntrantsPageJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const page = await queries.entrants(
        httpCaller(request, request.params.guildId),
        request.params.giveawayId,
        request.query.limit ?? 50,
        request.query.cursor,
      );
      return {
        items: page.items.map((e) => toDashboardJson(EntryJson, entryToProto(e))),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },
  );
};
