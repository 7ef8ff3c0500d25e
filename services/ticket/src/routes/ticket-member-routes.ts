import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TicketReplyJson, toDashboardJson } from '@guildwire/contracts';
import { validationError } from '@guildwire/errors';
import { ifMatchVersion, setVersionTag, WriteHeaders } from '@guildwire/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { ChangeOptions } from '../use-cases/deps.js';
import type { TicketChanges, TicketResult } from '../use-cases/ticket-changes.js';
import { ticketReplyToProto } from '../wire/to-proto.js';
import { httpCaller } from './http-caller.js';
import { errors, Snowflake, TicketParams } from './schemas.js';

/** Options of the member and transfer routes. */
export interface TicketMemberRoutesOptions {
  readonly tickets: TicketChanges;
}

const ExpectedVersion = Type.Integer({
  minimum: 1,
  description: 'The ticket version the caller saw (as If-Match): 412 when the ticket changed since',
});
const MemberParams = Type.Object({ ...TicketParams.properties, userId: Snowflake });

type Params = { guildId: string; ticketId: string };
type Headers = { 'if-match'?: string; 'idempotency-key'?: string };

/** The change options of a request: If-Match or the body's expectedVersion (both: they must agree). */
function optionsOf(request: FastifyRequest, bodyVersion?: number): ChangeOptions {
  const headers = request.headers as Headers;
  const header = ifMatchVersion(headers);
  if (header !== undefined && bodyVersion !== undefined && header !== bodyVersion)
    throw validationError([{ field: '/expectedVersion', message: 'differs from the If-Match header' }]);
  return { expectedVersion: bodyVersion ?? header, idempotencyKey: headers['idempotency-key'] };
}

function answer(reply: FastifyReply, result: TicketResult) {
  setVersionTag(reply, result.ticket.version);
  return toDashboardJson(TicketReplyJson, ticketReplyToProto(result));
}

const replies = { 200: TicketReplyJson, ...errors(400, 401, 403, 404, 409, 412, 422) };

/**
 * Members of a ticket (people besides the opener let into its Discord thread or channel) and its
 * transfer to another staff member; staff only, 403 otherwise.
 */
export const ticketMemberRoutes: FastifyPluginAsyncTypebox<TicketMemberRoutesOptions> = async (
  app,
  { tickets },
) => {
  app.post(
    '/tickets/:ticketId/members',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary:
          'Let a member of the guild into the ticket (not its opener: 400). Adding a member again changes nothing (200, same version). 422 TICKET_ERR_MEMBER_NOT_IN_GUILD when the bot says the user is not in the guild',
        tags: ['tickets'],
        params: TicketParams,
        headers: WriteHeaders,
        body: Type.Object(
          { userId: Snowflake, expectedVersion: Type.Optional(ExpectedVersion) },
          { additionalProperties: false },
        ),
        response: replies,
      },
    },
    async (request, reply) => {
      const { guildId, ticketId } = request.params as Params;
      const body = request.body;
      const result = await tickets.addMember(
        httpCaller(request, guildId),
        ticketId,
        body.userId,
        optionsOf(request, body.expectedVersion),
      );
      return answer(reply, result);
    },
  );

  app.delete(
    '/tickets/:ticketId/members/:userId',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary:
          'Take a member out of the ticket (not its opener: 400). Removing someone who is not a member changes nothing',
        tags: ['tickets'],
        params: MemberParams,
        headers: WriteHeaders,
        response: replies,
      },
    },
    async (request, reply) => {
      const { guildId, ticketId, userId } = request.params;
      const result = await tickets.removeMember(
        httpCaller(request, guildId),
        ticketId,
        userId,
        optionsOf(request),
      );
      return answer(reply, result);
    },
  );

  app.post(
    '/tickets/:ticketId/transfer',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary:
          'Hand a claimed ticket to another staff member (the assignee or an admin). 409 when not claimed, 422 TICKET_ERR_TARGET_NOT_STAFF when the target holds no support role of the ticket and is no admin',
        tags: ['tickets'],
        params: TicketParams,
        headers: WriteHeaders,
        body: Type.Object(
          { toUserId: Snowflake, expectedVersion: Type.Optional(ExpectedVersion) },
          { additionalProperties: false },
        ),
        response: replies,
      },
    },
    async (request, reply) => {
      const { guildId, ticketId } = request.params as Params;
      const body = request.body;
      const result = await tickets.transfer(
        httpCaller(request, guildId),
        ticketId,
        body.toUserId,
        optionsOf(request, body.expectedVersion),
      );
      return answer(reply, result);
    },
  );
};
