import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { type DiscordRoutesOptions, discordRoutes } from './discord-routes.js';
import { type PanelRoutesOptions, panelRoutes } from './panel-routes.js';

/**
 * Every HTTP route of the bot gateway, under the prefix it is registered with. app.ts serves it and
 * bin/openapi.ts describes it, so the dashboard's typed client cannot miss a route.
 */
export const botGatewayApi: FastifyPluginAsyncTypebox<DiscordRoutesOptions & PanelRoutesOptions> = async (
  app,
  { queries, panels },
) => {
  await app.register(discordRoutes, { queries });
  await app.register(panelRoutes, { panels });
};
