import type { CookieSerializeOptions } from '@fastify/cookie';
import { errorCodes, isGuildwireError } from '@guildwire/errors';
import { ErrorResponseSchema, type ServiceApp } from '@guildwire/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { DiscordApi } from '../discord/discord-api.js';
import { dashboardErrors } from '../errors.js';
import { codeChallengeOf, decodeAttempt, encodeAttempt, newLoginAttempt } from '../login/login-attempt.js';
import type { AuthUseCases } from '../use-cases/auth-use-cases.js';
import { errorPage } from './pages.js';
import { IssuedTokenSchema } from './schemas.js';

/** Options of the login routes. */
export interface AuthRouteOptions {
  readonly uses: AuthUseCases;
  readonly discord: DiscordApi;
  /** `https://dash.example.org`: the only Origin a POST to /auth/* may come from. */
  readonly publicOrigin: string;
  readonly secureCookies: boolean;
  /** Max-Age of the refresh cookie (the session's lifetime). */
  readonly sessionTtlS: number;
}

/** The refresh cookie: sent only to /auth/*, never to scripts, never cross-site (SameSite=Strict). */
export const refreshCookie = 'gw_refresh';
/** The sign-in attempt: sent back on Discord's redirect (a cross-site navigation: SameSite=Lax). */
export const loginCookie = 'gw_login';
const loginCookieTtlS = 600;

// Codes after which the browser's refresh cookie is worthless: it is cleared with the answer.
const sessionGone = new Set([
  'DASHBOARD_ERR_SESSION_ENDED',
  'DASHBOARD_ERR_REFRESH_REUSED',
  'DASHBOARD_ERR_DISCORD_REVOKED',
]);

const wantsHtml = (request: FastifyRequest) => (request.headers.accept ?? '').includes('text/html');

/**
 * `/auth/*`: the Discord sign-in (login → Discord's consent → callback) and the session's doors
 * (token, refresh-guilds, logout). Encapsulated: the cookie plugin is registered by app.ts.
 */
export async function authRoutes(app: ServiceApp, options: AuthRouteOptions): Promise<void> {
  const { uses } = options;
  const base: CookieSerializeOptions = { httpOnly: true, secure: options.secureCookies };
  const refreshCookieOptions: CookieSerializeOptions = { ...base, path: '/auth', sameSite: 'strict' };
  const loginCookieOptions: CookieSerializeOptions = { ...base, path: '/auth/callback', sameSite: 'lax' };

  const setRefresh = (reply: FastifyReply, token: string | undefined) => {
    if (token !== undefined)
      reply.setCookie(refreshCookie, token, { ...refreshCookieOptions, maxAge: options.sessionTtlS });
  };

  // A form or script on another site cannot make the browser use the session: SameSite=Strict keeps
  // the cookie home, and an Origin from elsewhere is refused outright.
  const sameOrigin = async (request: FastifyRequest) => {
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== options.publicOrigin)
      throw new errorCodes.GW_ERR_FORBIDDEN(`requests to /auth come from ${options.publicOrigin} only`);
  };

  app.get(
    '/auth/login',
    {
      schema: {
        summary: 'Start a Discord sign-in (redirects to Discord)',
        querystring: Type.Object({ returnTo: Type.Optional(Type.String({ maxLength: 2048 })) }),
      },
    },
    async (request, reply) => {
      const attempt = newLoginAttempt(request.query.returnTo ?? '/');
      reply.setCookie(loginCookie, encodeAttempt(attempt), {
        ...loginCookieOptions,
        signed: true,
        maxAge: loginCookieTtlS,
      });
      reply.header('cache-control', 'no-store');
      return reply.redirect(
        options.discord.authorizeUrl(attempt.state, codeChallengeOf(attempt.verifier)),
        302,
      );
    },
  );

  app.get(
    '/auth/callback',
    {
      schema: {
        summary: "Discord's redirect back: checks state, redeems the code, opens a session",
        querystring: Type.Object(
          {
            code: Type.Optional(Type.String({ maxLength: 512 })),
            state: Type.Optional(Type.String({ maxLength: 512 })),
            error: Type.Optional(Type.String({ maxLength: 256 })),
            error_description: Type.Optional(Type.String({ maxLength: 1024 })),
          },
          // Discord may add parameters of its own (guild_id, permissions) to the redirect.
          { additionalProperties: true },
        ),
      },
    },
    async (request, reply) => {
      try {
        const raw = request.cookies[loginCookie];
        const unsigned = raw === undefined ? undefined : request.unsignCookie(raw);
        // One attempt, one callback: the cookie goes whatever the outcome.
        reply.clearCookie(loginCookie, loginCookieOptions);
        const attempt =
          unsigned?.valid && unsigned.value !== null ? decodeAttempt(unsigned.value) : undefined;
        if (attempt === undefined)
          throw new dashboardErrors.DASHBOARD_ERR_LOGIN_STATE(
            'this browser did not start the sign-in, or it took longer than 10 minutes; start again',
          );
        const { code, state, error } = request.query;
        if (state !== attempt.state)
          throw new dashboardErrors.DASHBOARD_ERR_LOGIN_STATE(
            "the state Discord sent back is not this browser's; start again",
          );
        if (error === 'access_denied')
          throw new dashboardErrors.DASHBOARD_ERR_LOGIN_DENIED('the consent was cancelled');
        if (error !== undefined)
          throw new dashboardErrors.DASHBOARD_ERR_LOGIN_FAILED(
            `${error}${request.query.error_description ? `: ${request.query.error_description}` : ''}`,
          );
        if (code === undefined) throw new dashboardErrors.DASHBOARD_ERR_LOGIN_FAILED('Discord sent no code');
        const { refreshToken, userId } = await uses.completeLogin(code, attempt.verifier);
        request.log.info({ userId }, 'signed in');
        setRefresh(reply, refreshToken);
        reply.header('cache-control', 'no-store');
        return reply.redirect(attempt.returnTo, 303);
      } catch (err) {
        if (!wantsHtml(request)) throw err;
        // A browser gets a page it can act on; an API client the usual JSON error (rethrown).
        if (!isGuildwireError(err)) request.log.error({ err }, 'sign-in failed');
        else request.log.info({ code: err.code }, 'sign-in refused');
        const status = isGuildwireError(err) ? err.statusCode : 500;
        const message = isGuildwireError(err) ? err.message : 'The sign-in failed unexpectedly.';
        return reply.code(status).type('text/html; charset=utf-8').send(errorPage(status, message));
      }
    },
  );

  const tokenSchema = {
    response: { 200: IssuedTokenSchema, '4xx': ErrorResponseSchema, '5xx': ErrorResponseSchema },
  };

  // Each call presents the refresh cookie and gets a new one (rotation) with the access token.
  const withSession = (refreshGuilds: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      const opened = await uses.openSession(request.cookies[refreshCookie]);
      setRefresh(reply, opened.refreshToken);
      const session = refreshGuilds ? await uses.refreshGuilds(opened.session) : opened.session;
      reply.header('cache-control', 'no-store');
      return await uses.issueToken(session);
    } catch (err) {
      if (isGuildwireError(err) && sessionGone.has(err.code))
        reply.clearCookie(refreshCookie, refreshCookieOptions);
      const retryAfter = isGuildwireError(err)
        ? (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds
        : undefined;
      if (retryAfter !== undefined) reply.header('retry-after', String(retryAfter));
      throw err;
    }
  };

  app.post(
    '/auth/token',
    {
      onRequest: sameOrigin,
      schema: {
        summary: 'A short-lived access token for the session (rotates the refresh cookie)',
        ...tokenSchema,
      },
    },
    withSession(false),
  );
  app.post(
    '/auth/refresh-guilds',
    {
      onRequest: sameOrigin,
      schema: {
        summary: 'Read the guild list from Discord again (rate-limited), then a new access token',
        ...tokenSchema,
      },
    },
    withSession(true),
  );
  app.post(
    '/auth/logout',
    {
      onRequest: sameOrigin,
      schema: {
        summary: 'End the session (idempotent)',
        response: { 204: Type.Null(), '4xx': ErrorResponseSchema },
      },
    },
    async (request, reply) => {
      await uses.logout(request.cookies[refreshCookie]);
      reply.clearCookie(refreshCookie, refreshCookieOptions);
      return reply.code(204).send(null);
    },
  );
}
