import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TicketPriorityJson, TicketReplyJson, toDashboardJson } from '@guildwire/contracts';
import { ifMatchVersion, setVersionTag, WriteHeaders } from '@guildwire/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import { limits } from '../domain/limits.js';
import type { Caller } from '../domain/ticket.js';
import type { ChangeOptions } from '../use-cases/deps.js';
import type { TicketChanges, TicketResult } from '../use-cases/ticket-changes.js';
import { ticketReplyToProto } from '../wire/to-proto.js';
import { httpCaller } from './http-caller.js';
import { CategoryId, errors, Snowflake, TicketParams } from './schemas.js';

/** Options of the ticket action routes. */
export interface TicketActionRoutesOptions {
  readonly tickets: TicketChanges;
}

const Reason = Type.String({ maxLength: limits.reason });
const NoBody = Type.Object({}, { additionalProperties: false });

/** One state change on a ticket: POST/PUT `/tickets/:ticketId/<path>`, If-Match optional (412 when stale). */
interface Action {
  readonly method: 'POST' | 'PUT';
  readonly path: string;
  readonly summary: string;
  readonly role: 'member' | 'staff';
  readonly body: TSchema;
  readonly run: (
    caller: Caller,
    ticketId: string,
    body: any,
    options: ChangeOptions,
  ) => Promise<TicketResult>;
}

/** Claim, unclaim, assign, priority, close, reopen and close requests. */
export const ticketActionRoutes: FastifyPluginAsyncTypebox<TicketActionRoutesOptions> = async (
  app,
  { tickets },
) => {
  // Actions are mostly bodiless POSTs: an absent body is an empty object, then validated as usual.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) request.body = {};
  });
  const actions: Action[] = [
    {
      method: 'POST',
      path: 'claim',
      summary: 'Claim the ticket (409 naming the assignee when someone was first)',
      role: 'staff',
      body: NoBody,
      run: (c, id, _b, o) => tickets.claim(c, id, o),
    },
    {
      method: 'POST',
      path: 'unclaim',
      summary: 'Give the ticket back to the queue',
      role: 'staff',
      body: NoBody,
      run: (c, id, _b, o) => tickets.unclaim(c, id, o),
    },
    {
      method: 'POST',
      path: 'assign',
      summary: 'Assign the ticket to a staff member',
      role: 'staff',
      body: Type.Object({ assigneeId: Snowflake }, { additionalProperties: false }),
      run: (c, id, b: { assigneeId: string }, o) => tickets.assign(c, id, b.assigneeId, o),
    },
    {
      method: 'POST',
      path: 'move',
      summary:
        "Move the ticket to another category (staff). Past the opener's limit there it moves anyway and says so in overLimit",
      role: 'staff',
      body: Type.Object({ categoryId: CategoryId }, { additionalProperties: false }),
      run: (c, id, b: { categoryId: string }, o) => tickets.move(c, id, b.categoryId, o),
    },
    {
      method: 'PUT',
      path: 'priority',
      summary: 'Set the priority',
      role: 'staff',
      body: Type.Object({ priority: TicketPriorityJson }, { additionalProperties: false }),
      run: (c, id, b: { priority: 'low' | 'normal' | 'high' | 'urgent' }, o) =>
        tickets.setPriority(c, id, b.priority, o),
    },
    {
      method: 'POST',
      path: 'close',
      summary: 'Close the ticket with a reason (staff or the opener)',
      role: 'member',
      body: Type.Object({ reason: Type.Optional(Reason) }, { additionalProperties: false }),
      run: (c, id, b: { reason?: string }, o) => tickets.close(c, id, b.reason ?? '', o),
    },
    {
      method: 'POST',
      path: 'reopen',
      summary: 'Reopen a closed ticket (staff or the opener)',
      role: 'member',
      body: NoBody,
      run: (c, id, _b, o) => tickets.reopen(c, id, o),
    },
    {
      method: 'POST',
      path: 'close-request',
      summary: 'Ask the opener to agree to close; closes at the deadline without an answer',
      role: 'staff',
      body: Type.Object(
        {
          reason: Reason,
          timeoutSeconds: Type.Optional(
            Type.Integer({ minimum: 1, maximum: limits.closeRequestTimeoutSeconds }),
          ),
        },
        { additionalProperties: false },
      ),
      run: (c, id, b: { reason: string; timeoutSeconds?: number }, o) =>
        tickets.requestClose(
          c,
          id,
          b.reason,
          b.timeoutSeconds === undefined ? undefined : b.timeoutSeconds * 1000,
          o,
        ),
    },
    {
      method: 'POST',
      path: 'close-request/accept',
      summary: 'Accept the pending close request (the ticket closes)',
      role: 'member',
      body: NoBody,
      run: (c, id, _b, o) => tickets.answerCloseRequest(c, id, true, o),
    },
    {
      method: 'POST',
      path: 'close-request/decline',
      summary: 'Decline the pending close request',
      role: 'member',
      body: NoBody,
      run: (c, id, _b, o) => tickets.answerCloseRequest(c, id, false, o),
    },
    {
      method: 'POST',
      path: 'feedback',
      summary:
        'Rate the closed ticket, once (the opener only: 403 TICKET_ERR_NOT_OPENER for anyone else; 409 while open, when rated already or when the guild asks for no feedback)',
      role: 'member',
      body: Type.Object(
        {
          rating: Type.Integer({ minimum: 1, maximum: 5 }),
          comment: Type.Optional(Type.String({ maxLength: limits.feedbackComment })),
        },
        { additionalProperties: false },
      ),
      run: (c, id, b: { rating: number; comment?: string }, o) =>
        tickets.feedback(c, id, { rating: b.rating, comment: b.comment }, o),
    },
  ];

  for (const action of actions) {
    app.route({
      method: action.method,
      url: `/tickets/:ticketId/${action.path}`,
      onRequest: app.requireGuildRole(action.role),
      schema: {
        summary: action.summary,
        tags: ['tickets'],
        params: TicketParams,
        headers: WriteHeaders,
        body: action.body,
        response: { 200: TicketReplyJson, ...errors(400, 401, 403, 404, 409, 412, 422) },
      },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const params = request.params as { guildId: string; ticketId: string };
        const headers = request.headers as { 'if-match'?: string; 'idempotency-key'?: string };
        const result = await action.run(
          httpCaller(request, params.guildId),
          params.ticketId,
          request.body ?? {},
          {
            expectedVersion: ifMatchVersion(headers),
            idempotencyKey: headers['idempotency-key'],
          },
        );
        setVersionTag(reply, result.ticket.version);
        return toDashboardJson(TicketReplyJson, ticketReplyToProto(result));
      },
    });
  }
};
