import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { TicketQueries } from '../use-cases/ticket-queries.js';
import { httpCaller } from './http-caller.js';
import { errors, GuildParams } from './schemas.js';

/** Options of the category routes. */
export interface CategoryRoutesOptions {
  readonly queries: TicketQueries;
}

const QuestionJson = Type.Object({
  label: Type.String(),
  style: Type.Union([Type.Literal('short'), Type.Literal('paragraph')]),
  required: Type.Boolean(),
  placeholder: Type.String(),
  minLength: Type.Integer(),
  maxLength: Type.Integer(),
});

/** A ticket category as members choose it (declared in the config service's `tickets` module). */
export const TicketCategoryJson = Type.Object({
  id: Type.String({ description: '"default" for the category made of the module\'s top-level settings' }),
  name: Type.String(),
  description: Type.String(),
  emoji: Type.String(),
  openLimitPerUser: Type.Integer(),
  channelMode: Type.Union([Type.Literal('thread'), Type.Literal('channel')]),
  questions: Type.Array(QuestionJson),
  supportRoleIds: Type.Array(Type.String(), { description: 'Staff see them; empty for members' }),
});

/**
 * `/categories` (members): the guild's ticket categories and their forms, read from the settings
 * (edited on the config service), for the dashboard's open form and filters.
 */
export const categoryRoutes: FastifyPluginAsyncTypebox<CategoryRoutesOptions> = async (app, { queries }) => {
  app.get(
    '/categories',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: 'Ticket categories with their forms, the default one first (edited in the tickets settings)',
        tags: ['tickets'],
        params: GuildParams,
        response: {
          200: Type.Object({ items: Type.Array(TicketCategoryJson) }),
          ...errors(401, 403),
        },
      },
    },
    async (request) => ({
      items: await queries.categories(httpCaller(request, request.params.guildId)),
    }),
  );
};
