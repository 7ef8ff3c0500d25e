import type { FastifyRequest } from 'fastify';
import type { Caller } from '../domain/caller.js';

/** The caller of an authenticated guild route, from the token's role in `:guildId`. */
export function httpCaller(request: FastifyRequest, guildId: string): Caller {
  // The route's guard has verified the token and set its claims before any handler runs.
  const role = request.user.guilds[guildId];
  return {
    guildId,
    actorKind: 'dashboard',
    actorId: request.user.sub,
    mayRead: role === 'staff' || role === 'admin',
    mayWrite: role === 'admin',
    correlationId: request.correlationId,
  };
}
