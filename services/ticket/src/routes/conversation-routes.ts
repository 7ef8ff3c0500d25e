import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TicketMessageJson, TicketReplyDraftJson, toDashboardJson } from '@guildwire/contracts';
import { Type } from 'typebox';
import { discordLimits } from '../domain/conversation.js';
import { transcriptDigest } from '../domain/transcript.js';
import { renderTranscriptHtml } from '../domain/transcript-html.js';
import type { Conversation } from '../use-cases/conversation.js';
import { messageToProto, replyToProto } from '../wire/conversation-proto.js';
import { httpCaller } from './http-caller.js';
import { errors, TicketParams } from './schemas.js';

/** Options of the conversation routes. */
export interface ConversationRoutesOptions {
  readonly conversation: Conversation;
}

const ReplyBody = Type.Object(
  {
    content: Type.String({
      minLength: 1,
      maxLength: discordLimits.content,
      description: `The message to post in the ticket's Discord thread (Discord's limit: ${discordLimits.content} characters)`,
    }),
  },
  { additionalProperties: false },
);
const ReplyHeaders = Type.Object({
  'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 128 })),
});
const PageQuery = Type.Object(
  {
    cursor: Type.Optional(
      Type.String({ pattern: '^[0-9]{1,20}$', description: 'nextCursor of the previous page' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
    order: Type.Optional(Type.Enum(['asc', 'desc'], { default: 'asc', description: 'asc: oldest first' })),
  },
  { additionalProperties: false },
);
const MessagePageJson = Type.Object({
  items: Type.Array(TicketMessageJson),
  nextCursor: Type.Optional(Type.String()),
});
const ReplyAnswerJson = Type.Object({ reply: TicketReplyDraftJson, replayed: Type.Boolean() });

// The transcript page runs nothing and loads nothing: even content that escaped escaping could not act.
const transcriptCsp =
  "default-src 'none'; style-src 'unsafe-inline'; img-src https: data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** A ticket's conversation: pages of messages, dashboard replies, and the transcript (JSON, HTML). */
export const conversationRoutes: FastifyPluginAsyncTypebox<ConversationRoutesOptions> = async (
  app,
  { conversation },
) => {
  app.get(
    '/tickets/:ticketId/messages',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary:
          "A page of the ticket's Discord conversation (staff, or the opener); deleted messages have deletedAt",
        tags: ['conversations'],
        params: TicketParams,
        querystring: PageQuery,
        response: { 200: MessagePageJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { guildId, ticketId } = request.params;
      const page = await conversation.page(httpCaller(request, guildId), ticketId, {
        limit: request.query.limit ?? 50,
        cursor: request.query.cursor,
        descending: request.query.order === 'desc',
      });
      return {
        items: page.items.map((m) => toDashboardJson(TicketMessageJson, messageToProto(m))),
        ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
      };
    },
  );

  app.post(
    '/tickets/:ticketId/messages',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary:
          'Reply from the dashboard (staff, or the opener): the bot posts it in the Discord thread; it comes back as ticket.message_posted with replyId',
        tags: ['conversations'],
        params: TicketParams,
        headers: ReplyHeaders,
        body: ReplyBody,
        response: { 202: ReplyAnswerJson, ...errors(400, 401, 403, 404, 409, 422) },
      },
    },
    async (request, reply) => {
      const { guildId, ticketId } = request.params;
      const result = await conversation.reply(httpCaller(request, guildId), ticketId, request.body.content, {
        idempotencyKey: request.headers['idempotency-key'],
      });
      if (result.replayed) reply.header('idempotent-replayed', 'true');
      return reply.code(202).send({
        reply: toDashboardJson(TicketReplyDraftJson, replyToProto(result.reply)),
        replayed: result.replayed,
      });
    },
  );

  app.get(
    '/tickets/:ticketId/replies',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: 'Dashboard replies not posted yet: pending, and failed with their error',
        tags: ['conversations'],
        params: TicketParams,
        response: {
          200: Type.Object({ items: Type.Array(TicketReplyDraftJson) }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { guildId, ticketId } = request.params;
      const items = await conversation.unpostedReplies(httpCaller(request, guildId), ticketId);
      return { items: items.map((r) => toDashboardJson(TicketReplyDraftJson, replyToProto(r))) };
    },
  );

  // /transcript and /transcript.json: the same answer.
  for (const path of ['/tickets/:ticketId/transcript', '/tickets/:ticketId/transcript.json']) {
    app.get(
      path,
      {
        onRequest: app.requireGuildRole('member'),
        schema: {
          summary:
            "The ticket's transcript as JSON (staff, or the opener): the sealed one once closed (Transcript-Digest = sha256 of the body), else the live conversation",
          tags: ['conversations'],
          params: TicketParams,
          response: {
            200: Type.String({ description: 'the transcript document (JSON)' }),
            ...errors(400, 401, 403, 404),
          },
        },
      },
      async (request, reply) => {
        const { guildId, ticketId } = request.params;
        const view = await conversation.transcript(httpCaller(request, guildId), ticketId);
        // A sealed transcript is answered byte for byte as kept: sha256 of this body is its digest.
        const body = view.body;
        reply.header('transcript-digest', transcriptDigest(body));
        reply.header('transcript-sealed', view.digest ? 'true' : 'false');
        reply.type('application/json; charset=utf-8');
        return reply.send(body);
      },
    );
  }

  app.get(
    '/tickets/:ticketId/transcript.html',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: 'The transcript as a standalone HTML page (content escaped, no scripts)',
        tags: ['conversations'],
        params: TicketParams,
        response: { 200: Type.String({ description: 'text/html' }), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { guildId, ticketId } = request.params;
      const view = await conversation.transcript(httpCaller(request, guildId), ticketId);
      reply.header('content-security-policy', transcriptCsp);
      reply.header('x-content-type-options', 'nosniff');
      reply.type('text/html; charset=utf-8');
      return reply.send(renderTranscriptHtml(view.transcript, view.digest));
    },
  );
};
