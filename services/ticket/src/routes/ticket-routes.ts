import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AttachmentJson,
  CommentJson,
  TicketJson,
  TicketPriorityJson,
  TicketReplyJson,
  toDashboardJson,
} from '@guildwire/contracts';
import { ifMatchVersion, setVersionTag, WriteHeaders } from '@guildwire/service-kit';
import { Type } from 'typebox';
import { limits } from '../domain/limits.js';
import type { HistoryEntry } from '../domain/ticket.js';
import type { TicketChanges } from '../use-cases/ticket-changes.js';
import type { TicketQueries } from '../use-cases/ticket-queries.js';
import { attachmentToProto, commentToProto, ticketReplyToProto, ticketToProto } from '../wire/to-proto.js';
import { httpCaller } from './http-caller.js';
import {
  Answers,
  CategoryId,
  errors,
  GuildParams,
  ListQuery,
  Snowflake,
  Tags,
  TicketDetailsJson,
  TicketPageJson,
  TicketParams,
} from './schemas.js';

/** Options of the ticket routes. */
export interface TicketRoutesOptions {
  readonly tickets: TicketChanges;
  readonly queries: TicketQueries;
}

const OpenBody = Type.Object(
  {
    subject: Type.Optional(
      Type.String({
        maxLength: limits.subject,
        description:
          "Required unless the category has questions (then the first answer, else the category's name)",
      }),
    ),
    description: Type.Optional(Type.String({ maxLength: limits.description })),
    category: Type.Optional(Type.String({ maxLength: limits.category })),
    categoryId: Type.Optional(CategoryId),
    answers: Type.Optional(Answers),
    panelId: Type.Optional(Type.String({ format: 'uuid' })),
    priority: Type.Optional(TicketPriorityJson),
    tags: Type.Optional(Tags),
    openerId: Type.Optional(Snowflake),
  },
  { additionalProperties: false },
);

// The audit trail is HTTP only (no proto carries it), so it keeps this small mapper.
const historyJson = (h: HistoryEntry) => ({ ...h, at: h.at.toISOString() });

const EditBody = Type.Object(
  {
    subject: Type.Optional(Type.String({ minLength: 1, maxLength: limits.subject })),
    description: Type.Optional(Type.String({ maxLength: limits.description })),
    category: Type.Optional(Type.String({ maxLength: limits.category })),
    tags: Type.Optional(Tags),
  },
  { additionalProperties: false, minProperties: 1 },
);

/** Open, list, read and edit tickets: `/v1/guilds/:guildId/tickets[/:ticketId]`. */
export const ticketRoutes: FastifyPluginAsyncTypebox<TicketRoutesOptions> = async (
  app,
  { tickets, queries },
) => {
  app.post(
    '/tickets',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: 'Open a ticket (members count against the open limit; Idempotency-Key makes retries safe)',
        tags: ['tickets'],
        params: GuildParams,
        headers: WriteHeaders,
        body: OpenBody,
        response: { 201: TicketReplyJson, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const caller = httpCaller(request, request.params.guildId);
      const result = await tickets.open(caller, request.body, {
        idempotencyKey: request.headers['idempotency-key'],
      });
      setVersionTag(reply, result.ticket.version);
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(toDashboardJson(TicketReplyJson, ticketReplyToProto(result)));
    },
  );

  app.get(
    '/tickets',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: 'List tickets with filters, sort and cursor pagination (members see their own)',
        tags: ['tickets'],
        params: GuildParams,
        querystring: ListQuery,
        response: { 200: TicketPageJson, ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const q = request.query;
      const page = await queries.list(httpCaller(request, request.params.guildId), {
        sort: q.sort ?? '-created_at',
        limit: q.limit ?? 25,
        ...(q.status ? { status: q.status } : {}),
        ...(q.priority ? { priority: q.priority } : {}),
        ...(q.assignee ? { assigneeId: q.assignee } : {}),
        ...(q.opener ? { openerId: q.opener } : {}),
        ...(q.panel ? { panelId: q.panel } : {}),
        ...(q.categoryId ? { categoryId: q.categoryId } : {}),
        ...(q.q ? { text: q.q } : {}),
        ...(q.messages ? { conversation: q.messages } : {}),
        ...(q.createdFrom ? { createdFrom: new Date(q.createdFrom) } : {}),
        ...(q.createdTo ? { createdTo: new Date(q.createdTo) } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
      return {
        items: page.items.map((ticket) => toDashboardJson(TicketJson, ticketToProto(ticket))),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },
  );

  app.get(
    '/tickets/:ticketId',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: 'One ticket with comments, attachments and history (ETag = version)',
        tags: ['tickets'],
        params: TicketParams,
        response: { 200: TicketDetailsJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const details = await queries.get(httpCaller(request, request.params.guildId), {
        id: request.params.ticketId,
      });
      setVersionTag(reply, details.ticket.version);
      return {
        ticket: toDashboardJson(TicketJson, ticketToProto(details.ticket)),
        comments: details.comments.map((c) => toDashboardJson(CommentJson, commentToProto(c))),
        attachments: details.attachments.map((a) => toDashboardJson(AttachmentJson, attachmentToProto(a))),
        history: details.history.map(historyJson),
      };
    },
  );

  app.patch(
    '/tickets/:ticketId',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: 'Edit subject, description (opener or staff), category, tags (staff); If-Match required',
        tags: ['tickets'],
        params: TicketParams,
        headers: WriteHeaders,
        body: EditBody,
        response: { 200: TicketReplyJson, ...errors(400, 401, 403, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      const caller = httpCaller(request, request.params.guildId);
      const result = await tickets.edit(caller, request.params.ticketId, request.body, {
        expectedVersion: ifMatchVersion(request.headers, true),
        idempotencyKey: request.headers['idempotency-key'],
      });
      setVersionTag(reply, result.ticket.version);
      return toDashboardJson(TicketReplyJson, ticketReplyToProto(result));
    },
  );
};
