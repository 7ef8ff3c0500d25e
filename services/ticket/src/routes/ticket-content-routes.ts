import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { limits } from '../domain/limits.js';
import type { TicketOperations } from '../operations/ticket-operations.js';
import { httpCaller, ifMatchVersion, setVersionTag } from './http-caller.js';
import { AttachmentParams, errors, TicketParams, TicketReplyJson, WriteHeaders } from './schemas.js';
import { ticketReplyJson } from './to-json.js';

/** Options of the comment and attachment routes. */
export interface TicketContentRoutesOptions {
  readonly tickets: TicketOperations;
}

const CommentBody = Type.Object(
  { body: Type.String({ minLength: 1, maxLength: limits.comment }) },
  { additionalProperties: false },
);
const AttachmentBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: limits.attachmentName }),
    url: Type.String({ format: 'uri', pattern: '^https?://', maxLength: limits.attachmentUrl }),
    contentType: Type.String({
      minLength: 1,
      maxLength: limits.contentType,
      pattern: '^[\\w.+-]+/[\\w.+-]+$',
    }),
    size: Type.Integer({ minimum: 0, maximum: limits.attachmentSize }),
  },
  { additionalProperties: false },
);

/** Comments and attachment metadata of a ticket (staff or its opener). */
export const ticketContentRoutes: FastifyPluginAsyncTypebox<TicketContentRoutesOptions> = async (
  app,
  { tickets },
) => {
  app.post(
    '/tickets/:ticketId/comments',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: 'Comment on a ticket',
        tags: ['tickets'],
        params: TicketParams,
        headers: WriteHeaders,
        body: CommentBody,
        response: { 201: TicketReplyJson, ...errors(400, 401, 403, 404, 409, 412, 422) },
      },
    },
    async (request, reply) => {
      const result = await tickets.comment(
        httpCaller(request, request.params.guildId),
        request.params.ticketId,
        request.body.body,
        {
          expectedVersion: ifMatchVersion(request.headers),
          idempotencyKey: request.headers['idempotency-key'],
        },
      );
      setVersionTag(reply, result.ticket.version);
      return reply.code(201).send(ticketReplyJson(result));
    },
  );

  app.post(
    '/tickets/:ticketId/attachments',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: 'Attach a file (metadata; the bytes stay at the url)',
        tags: ['tickets'],
        params: TicketParams,
        headers: WriteHeaders,
        body: AttachmentBody,
        response: { 201: TicketReplyJson, ...errors(400, 401, 403, 404, 409, 412, 422) },
      },
    },
    async (request, reply) => {
      const result = await tickets.attach(
        httpCaller(request, request.params.guildId),
        request.params.ticketId,
        request.body,
        {
          expectedVersion: ifMatchVersion(request.headers),
          idempotencyKey: request.headers['idempotency-key'],
        },
      );
      setVersionTag(reply, result.ticket.version);
      return reply.code(201).send(ticketReplyJson(result));
    },
  );

  app.delete(
    '/tickets/:ticketId/attachments/:attachmentId',
    {
      onRequest: app.requireGuildRole('member'),
      schema: {
        summary: 'Remove an attachment',
        tags: ['tickets'],
        params: AttachmentParams,
        headers: WriteHeaders,
        response: { 200: TicketReplyJson, ...errors(400, 401, 403, 404, 409, 412) },
      },
    },
    async (request, reply) => {
      const { guildId, ticketId, attachmentId } = request.params;
      const result = await tickets.detach(httpCaller(request, guildId), ticketId, attachmentId, {
        expectedVersion: ifMatchVersion(request.headers),
        idempotencyKey: request.headers['idempotency-key'],
      });
      setVersionTag(reply, result.ticket.version);
      return ticketReplyJson(result);
    },
  );
};
