import type { FastifyRequest } from 'fastify';
import type { Caller } from '../domain/ticket.js';

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
