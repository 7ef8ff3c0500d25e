import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TicketPanelJson, toDashboardJson } from '@guildwire/contracts';
import { ifMatchVersion, setVersionTag, WriteHeaders } from '@guildwire/service-kit';
import { Type } from 'typebox';
import { limits } from '../domain/limits.js';
import type { Panel } from '../domain/panel.js';
import type { Panels } from '../use-cases/panels.js';
import { panelToProto } from '../wire/to-proto.js';
import { httpCaller } from './http-caller.js';
import { CategoryId, errors, GuildParams, PanelParams, Snowflake } from './schemas.js';

/** Options of the panel routes. */
export interface PanelRoutesOptions {
  readonly panels: Panels;
}

const fields = {
  title: Type.String({ minLength: 1, maxLength: limits.panelTitle }),
  description: Type.String({ maxLength: limits.panelDescription }),
  buttonLabel: Type.String({ minLength: 1, maxLength: limits.buttonLabel }),
  colour: Type.Integer({ minimum: 0, maximum: 0xffffff }),
  category: Type.String({ maxLength: limits.category }),
  categoryIds: Type.Array(CategoryId, {
    maxItems: limits.panelCategories,
    description: 'Ticket categories offered, in order (buttons up to 5, else a menu); empty: the default one',
  }),
  channelId: Type.Union([Snowflake, Type.Null()]),
};
const CreateBody = Type.Object(
  {
    title: fields.title,
    description: Type.Optional(fields.description),
    buttonLabel: Type.Optional(fields.buttonLabel),
    colour: Type.Optional(fields.colour),
    category: Type.Optional(fields.category),
    categoryIds: Type.Optional(fields.categoryIds),
    channelId: Type.Optional(fields.channelId),
  },
  { additionalProperties: false },
);
const EditBody = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });

// The same form as the panel in ticket.panel_* events.
const panelJson = (panel: Panel) => toDashboardJson(TicketPanelJson, panelToProto(panel));

/** Ticket panels: staff read, admins create, edit (If-Match required), delete and send. */
export const panelRoutes: FastifyPluginAsyncTypebox<PanelRoutesOptions> = async (app, { panels }) => {
  const tags = ['panels'];

  app.get(
    '/panels',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: 'List panels',
        tags,
        params: GuildParams,
        response: { 200: Type.Array(TicketPanelJson), ...errors(401, 403) },
      },
    },
    async (request) => (await panels.list(httpCaller(request, request.params.guildId))).map(panelJson),
  );

  app.post(
    '/panels',
    {
      onRequest: app.requireGuildRole('admin'),
      schema: {
        summary: 'Create a panel',
        tags,
        params: GuildParams,
        body: CreateBody,
        response: { 201: TicketPanelJson, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const panel = await panels.create(httpCaller(request, request.params.guildId), request.body);
      setVersionTag(reply, panel.version);
      return reply.code(201).send(panelJson(panel));
    },
  );

  app.get(
    '/panels/:panelId',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: 'One panel',
        tags,
        params: PanelParams,
        response: { 200: TicketPanelJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const panel = await panels.get(httpCaller(request, request.params.guildId), request.params.panelId);
      setVersionTag(reply, panel.version);
      return panelJson(panel);
    },
  );

  app.patch(
    '/panels/:panelId',
    {
      onRequest: app.requireGuildRole('admin'),
      schema: {
        summary: 'Edit a panel (If-Match required)',
        tags,
        params: PanelParams,
        headers: WriteHeaders,
        body: EditBody,
        response: { 200: TicketPanelJson, ...errors(400, 401, 403, 404, 412, 428) },
      },
    },
    async (request, reply) => {
      const { guildId, panelId } = request.params;
      const panel = await panels.update(
        httpCaller(request, guildId),
        panelId,
        request.body,
        ifMatchVersion(request.headers, true),
      );
      setVersionTag(reply, panel.version);
      return panelJson(panel);
    },
  );

  app.delete(
    '/panels/:panelId',
    {
      onRequest: app.requireGuildRole('admin'),
      schema: {
        summary: 'Delete a panel',
        tags,
        params: PanelParams,
        headers: WriteHeaders,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const { guildId, panelId } = request.params;
      await panels.remove(httpCaller(request, guildId), panelId, ifMatchVersion(request.headers));
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/panels/:panelId/send',
    {
      onRequest: app.requireGuildRole('admin'),
      schema: {
        summary: 'Ask the bot to post the panel in its channel (event ticket.panel_send_requested)',
        tags,
        params: PanelParams,
        response: { 202: TicketPanelJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const panel = await panels.send(httpCaller(request, request.params.guildId), request.params.panelId);
      return reply.code(202).send(panelJson(panel));
    },
  );
};
