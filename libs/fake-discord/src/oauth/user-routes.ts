import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FakeDiscordContext } from '../context.js';
import { discordErrors } from '../errors.js';
import { requireUser } from '../state/lookup.js';
import { basePermissions } from '../state/permissions.js';
import type { OAuthGrant } from './oauth-store.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The user grant of a `Bearer` request (OAuth2), set by the REST auth hook. */
    oauthGrant?: OAuthGrant;
  }
}

/** The routes a user's bearer token may call; anything else is the bot's. */
const BEARER_ROUTES = /^\/users\/@me(\/guilds)?\/?$/;

/** How the REST auth hook treats a request's `Authorization`: not a bearer, accepted, or answered 401. */
export type BearerCheck = 'not-bearer' | 'accepted' | 'refused';

/** Accepts a live OAuth2 access token on the user routes; answers 401 as Discord does otherwise. */
export function checkBearer(
  ctx: FakeDiscordContext,
  request: FastifyRequest,
  reply: FastifyReply,
  path: string,
): BearerCheck {
  const header = request.headers.authorization;
  if (!header?.startsWith('Bearer ')) return 'not-bearer';
  const grant = ctx.oauth.grantOf(header.slice('Bearer '.length));
  if (grant === undefined || !BEARER_ROUTES.test(path)) {
    void reply.code(401).send(discordErrors.unauthorized().body);
    return 'refused';
  }
  request.oauthGrant = grant;
  return 'accepted';
}

/** GET /users/@me for a bearer token (scope `identify`). */
export function oauthCurrentUser(ctx: FakeDiscordContext, grant: OAuthGrant) {
  if (!grant.scopes.includes('identify')) throw discordErrors.unauthorized();
  const user = requireUser(ctx.store, grant.userId);
  return {
    ...user,
    verified: true,
    mfa_enabled: false,
    locale: 'en-US',
    ...(grant.scopes.includes('email') ? { email: `${user.username}@users.fake-discord.test` } : {}),
  };
}

interface Window {
  count: number;
  resetAt: number;
}

/**
 * GET /users/@me/guilds: the partial guilds of the token's user (`owner`, `permissions` as a
 * decimal string) with before/after/limit paging; rate-limited per token the way dashboards meet it
 * on Discord (1 request per second by default, `oauthGuildsPerWindow`/`oauthGuildsWindowMs`).
 */
export function registerOAuthUserRoutes(app: FastifyInstance, ctx: FakeDiscordContext): void {
  const windows = new Map<string, Window>();
  const bucket = createHash('sha1').update('GET /users/@me/guilds').digest('hex').slice(0, 16);

  function limited(grant: OAuthGrant, reply: FastifyReply): boolean {
    const now = Date.now();
    let window = windows.get(grant.accessToken);
    if (window === undefined || now >= window.resetAt) {
      window = { count: 0, resetAt: now + ctx.options.oauthGuildsWindowMs };
      windows.set(grant.accessToken, window);
    }
    window.count += 1;
    const limit = ctx.options.oauthGuildsPerWindow;
    const resetAfter = (window.resetAt - now) / 1000;
    reply
      .header('X-RateLimit-Limit', String(limit))
      .header('X-RateLimit-Remaining', String(Math.max(0, limit - window.count)))
      .header('X-RateLimit-Reset', (window.resetAt / 1000).toFixed(3))
      .header('X-RateLimit-Reset-After', resetAfter.toFixed(3))
      .header('X-RateLimit-Bucket', bucket);
    if (window.count <= limit) return false;
    void reply
      .code(429)
      .header('Retry-After', String(Math.ceil(resetAfter)))
      .header('X-RateLimit-Scope', 'user')
      .send({ message: 'You are being rate limited.', retry_after: resetAfter, global: false });
    return true;
  }

  app.get<{ Querystring: { before?: string; after?: string; limit?: string } }>(
    '/users/@me/guilds',
    async (request, reply) => {
      const grant = request.oauthGrant;
      const userId = grant?.userId ?? ctx.botUser.id;
      if (grant !== undefined) {
        if (!grant.scopes.includes('guilds')) throw discordErrors.unauthorized();
        ctx.oauth.counts.guildListRequests += 1;
        if (limited(grant, reply)) return reply;
      }
      const limit = Math.min(200, Math.max(1, Number(request.query.limit ?? 200) || 200));
      const { before, after } = request.query;
      for (const [field, value] of Object.entries({ before, after })) {
        if (value !== undefined && !/^\d{1,20}$/.test(value))
          throw discordErrors.invalidFormBody({
            [field]: [
              { code: 'NUMBER_TYPE_COERCE', message: `Value "${value.slice(0, 40)}" is not snowflake.` },
            ],
          });
      }
      return [...ctx.store.guilds.values()]
        .filter((g) => g.members.has(userId))
        .filter(
          (g) =>
            (after === undefined || BigInt(g.id) > BigInt(after)) &&
            (before === undefined || BigInt(g.id) < BigInt(before)),
        )
        .sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1))
        .slice(0, limit)
        .map((g) => ({
          id: g.id,
          name: g.name,
          icon: null,
          banner: null,
          owner: g.ownerId === userId,
          permissions: String(basePermissions(g, userId)),
          features: [],
        }));
    },
  );
}
