import type { FastifyRequest } from 'fastify';
import type { Caller } from '../domain/giveaway.js';

/** The caller of an authenticated guild route, from the token's role in `:guildId` (staff/admin manage). */
export function httpCaller(request: FastifyRequest, guildId: string): Caller {
  // The guard has verified and set the claims before any handler runs.
  const role = request.user.guilds[guildId];
  return {
    guildId,
    userId: request.user.sub,
    kind: 'dashboard',
    manager: role === 'staff' || role === 'admin',
    correlationId: request.correlationId,
  };
}
