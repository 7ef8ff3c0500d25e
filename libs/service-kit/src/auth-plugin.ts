import type { FastifyInstance, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import { type AuthOptions, resolveVerification } from './auth-options.js';
import type { GuildRole, GuildwireClaims } from './claims.js';
import { type AuthGuard, guardKind, requireAuthentication, requireGuildRole } from './guards.js';
import { type TokenVerifier, verifierFor } from './token-verifier.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified claims of the request's token; set by the guards, null on unguarded routes. */
    user: GuildwireClaims;
  }
  interface FastifyInstance {
    /** Route hook: 401/403 unless the token grants `:guildId` with at least `minRole`. */
    requireGuildRole(minRole: GuildRole): AuthGuard;
    /** Route hook: 401 unless the request carries a valid token. */
    requireAuthentication(): AuthGuard;
    /** Verifies a raw token outside a route (e.g. a WebSocket frame) with the app's auth settings. */
    verifyToken: TokenVerifier;
  }
}

/** OpenAPI name of the bearer security scheme that guarded routes reference. */
export const bearerSecurityScheme = 'bearerAuth';

async function authPlugin(app: FastifyInstance, auth: AuthOptions): Promise<void> {
  app.decorateRequest('user', null as unknown as GuildwireClaims);
  app.decorate('verifyToken', verifierFor(resolveVerification(auth)));
  app.decorate('requireGuildRole', requireGuildRole);
  app.decorate('requireAuthentication', requireAuthentication);
  app.addHook('onRoute', describeGuardedRoute);
}

// Guarded routes get the bearer requirement in OpenAPI, and a guild guard on a route without
// `:guildId` fails at startup rather than on the first request.
function describeGuardedRoute(route: RouteOptions): void {
  const hooks = [route.onRequest, route.preValidation, route.preHandler].flat().map(guardKind);
  if (!hooks.some((kind) => kind !== undefined)) return;
  if (hooks.some((kind) => kind?.guild) && !route.url.includes(':guildId')) {
    throw new TypeError(
      `route ${route.method} ${route.url} uses requireGuildRole but has no :guildId parameter`,
    );
  }
  route.schema = { ...route.schema, security: [{ [bearerSecurityScheme]: [] }] };
}

/** Registers the token verifier (`app.verifyToken`), `request.user` and the guard decorators. */
export const authentication = fp(authPlugin, { name: 'guildwire-auth', fastify: '5.x' });
