import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { GiveawayQueries } from '../use-cases/giveaway-queries.js';
import { errors, GiveawayParams, PublicDrawJson } from './schemas.js';

/**
 * The public, read-only draw of an ended giveaway: commitment, seed, beacon value, entry list and
 * winners, for anyone to recompute (`npm run giveaway:verify -- <this url>`). No token: a draw
 * that only insiders can check proves nothing. 409 before the end (the seed is still secret).
 */
export const publicDrawRoute: FastifyPluginAsyncTypebox<{ readonly queries: GiveawayQueries }> = async (
  app,
  { queries },
) => {
  app.get(
    '/giveaways/:giveawayId/draw',
    {
      schema: {
        summary: 'Public: the inputs and result of an ended giveaway’s draw, to verify it (no token)',
        tags: ['draw'],
        params: GiveawayParams,
        response: { 200: PublicDrawJson, ...errors(400, 404, 409) },
      },
    },
    async (request) => {
      const draw = await queries.publicDraw(request.params.guildId, request.params.giveawayId);
      return {
        ...draw,
        entries: [...draw.entries],
        rounds: draw.rounds.map((r) => ({ round: r.round, userIds: [...r.userIds] })),
      };
    },
  );
};
