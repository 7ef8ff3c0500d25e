import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { TicketUseCases } from '../use-cases/ticket-use-cases.js';
import { blacklistRoutes } from './blacklist-routes.js';
import { categoryRoutes } from './category-routes.js';
import { conversationRoutes } from './conversation-routes.js';
import { panelRoutes } from './panel-routes.js';
import { statsRoutes } from './stats-routes.js';
import { tagRoutes } from './tag-routes.js';
import { ticketActionRoutes } from './ticket-action-routes.js';
import { ticketContentRoutes } from './ticket-content-routes.js';
import { ticketMemberRoutes } from './ticket-member-routes.js';
import { ticketRoutes } from './ticket-routes.js';

/** The ticket service's HTTP API under `/v1/guilds/:guildId`: tickets, their actions and content, stats, categories, panels, tags, blacklist. */
export const ticketApi: FastifyPluginAsyncTypebox<TicketUseCases> = async (
  app,
  { tickets, queries, panels, conversation, tags, blacklist },
) => {
  await app.register(ticketRoutes, { tickets, queries });
  await app.register(ticketActionRoutes, { tickets });
  await app.register(ticketContentRoutes, { tickets });
  await app.register(ticketMemberRoutes, { tickets });
  await app.register(statsRoutes, { queries });
  await app.register(categoryRoutes, { queries });
  await app.register(panelRoutes, { panels });
  await app.register(conversationRoutes, { conversation });
  await app.register(tagRoutes, { tags });
  await app.register(blacklistRoutes, { blacklist });
};
