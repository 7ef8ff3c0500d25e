import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Caller } from '../domain/ticket.js';
import { ticketErrors } from '../errors.js';

/** The caller of an authenticated guild route, from the token's role in `:guildId`. */
export function httpCaller(request: FastifyRequest, guildId: string): Caller {
  // The guard has verified and set the claims before any handler runs.
  const { user } = request;
  const role = user.guilds[guildId];
  return {
    guildId,
    userId: user.sub,
    kind: 'dashboard',
    staff: role === 'staff' || role === 'admin',
    admin: role === 'admin',
    correlationId: request.correlationId,
  };
}

const versionTag = /^(?:W\/)?"?([0-9]{1,9})"?$/;

/**
 * The version an If-Match header names (`"3"`, `W/"3"` or `3`); undefined without the header, 400
 * for anything else. With `required`, a missing header is 428: edits of several fields must not
 * silently overwrite a change the client has not seen.
 */
export function ifMatchVersion(
  headers: { 'if-match'?: string | undefined },
  required = false,
): number | undefined {
  const raw = headers['if-match'];
  if (raw === undefined) {
    if (required) throw new ticketErrors.TICKET_ERR_PRECONDITION_REQUIRED('current');
    return undefined;
  }
  const match = versionTag.exec(raw.trim());
  if (!match) {
    throw new ticketErrors.TICKET_ERR_VALIDATION('If-Match must name a version').withDetails([
      { field: '/headers/if-match', message: 'must be a version such as "3"' },
    ]);
  }
  return Number(match[1]);
}

/** Sets the ETag of a versioned answer. */
export function setVersionTag(reply: FastifyReply, version: number): void {
  reply.header('etag', `"${version}"`);
}
