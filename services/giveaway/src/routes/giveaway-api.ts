import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { GiveawayUseCases } from '../use-cases/giveaway-use-cases.js';
import { entryRoutes } from './entry-routes.js';
import { giveawayActionRoutes } from './giveaway-action-routes.js';
import { giveawayRoutes } from './giveaway-routes.js';
import { publicDrawRoute } from './public-draw-route.js';

/** The giveaway service's HTTP API under `/v1/guilds/:guildId`. */
export const giveawayApi: FastifyPluginAsyncTypebox<GiveawayUseCases> = async (
  app,
  { giveaways, entries, queries },
) => {
  await app.register(giveawayRoutes, { giveaways, queries });
  await app.register(giveawayActionRoutes, { giveaways });
  await app.register(entryRoutes, { entries, queries });
  await app.register(publicDrawRoute, { queries });
};
