import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TicketReplyJson, toDashboardJson } from '@guildwire/contracts';
import { ifMatchVersion, setVersionTag, WriteHeaders } from '@guildwire/service-kit';
import { Type } from 'typebox';
import { limits } from '../domain/limits.js';
import type { TicketChanges } from '../use-cases/ticket-changes.js';
import { ticketReplyToProto } from '../wire/to-proto.js';
import { httpCaller } from './http-caller.js';
import { AttachmentParams, errors, TicketParams } from './schemas.js';

/** Options of the comment and attachment routes. */
export interface TicketContentRoutesOptions {
  readonly tickets: TicketChanges;
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
      return reply.code(201).send(toDashboardJson(TicketReplyJson, ticketReplyToProto(result)));
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
      return reply.code(201).send(toDashboardJson(TicketReplyJson, ticketReplyToProto(result)));
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
      return toDashboardJson(TicketReplyJson, ticketReplyToProto(result));
    },
  );
};
