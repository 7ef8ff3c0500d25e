import { errorCodes } from '@guildwire/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type GuildRole, type GuildwireClaims, roleAtLeast } from './claims.js';

/** A route hook (preHandler or onRequest) that lets the request through or throws 401/403. */
export type AuthGuard = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

// Guards are recognised on routes (OpenAPI security, `:guildId` check) by identity.
const guards = new WeakMap<AuthGuard, { readonly guild: boolean }>();

/** How a route hook guards the route, or undefined when it is not a service-kit guard. */
export function guardKind(hook: unknown): { readonly guild: boolean } | undefined {
  return typeof hook === 'function' ? guards.get(hook as AuthGuard) : undefined;
}

/**
 * Verifies the request's bearer token with the app's shared verifier (`app.verifyToken`, which
 * remembers verified tokens) and sets `request.user` to its claims.
 */
export async function authenticate(request: FastifyRequest): Promise<GuildwireClaims> {
  request.user = null as unknown as GuildwireClaims;
  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    throw new errorCodes.GW_ERR_UNAUTHORIZED('no bearer token in the Authorization header');
  }
  const parts = header.split(' ');
  if (parts.length !== 2 || !/^Bearer$/i.test(parts[0]!) || parts[1] === '') {
    throw new errorCodes.GW_ERR_UNAUTHORIZED('the Authorization header must be "Bearer <token>"');
  }
  request.user = await request.server.verifyToken(parts[1]!);
  return request.user;
}

/** Route hook: 401 unless the request carries a valid Guildwire token. */
export function requireAuthentication(): AuthGuard {
  const guard: AuthGuard = async (request) => {
    await authenticate(request);
  };
  guards.set(guard, { guild: false });
  return guard;
}

/** Route hook for `/v1/guilds/:guildId/…`: 401 without a valid token, 403 unless it grants `minRole`. */
export function requireGuildRole(minRole: GuildRole): AuthGuard {
  const guard: AuthGuard = async (request) => {
    const claims = await authenticate(request);
    const guildId = (request.params as Partial<Record<string, unknown>> | undefined)?.guildId;
    if (typeof guildId !== 'string') throw new TypeError('requireGuildRole needs a :guildId route parameter');
    const role = claims.guilds[guildId];
    if (role === undefined)
      throw new errorCodes.GW_ERR_FORBIDDEN(`the token does not grant guild ${guildId}`);
    if (!roleAtLeast(role, minRole)) {
      throw new errorCodes.GW_ERR_FORBIDDEN(`role ${minRole} or higher is required in guild ${guildId}`);
    }
  };
  guards.set(guard, { guild: true });
  return guard;
}
