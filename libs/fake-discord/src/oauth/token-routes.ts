import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { FakeDiscordContext } from '../context.js';
import { OAuthError, type OAuthGrant } from './oauth-store.js';

type Form = Record<string, string | undefined>;

function tokenResponse(grant: OAuthGrant) {
  return {
    access_token: grant.accessToken,
    token_type: 'Bearer',
    expires_in: Math.round((grant.expiresAt - Date.now()) / 1000),
    refresh_token: grant.refreshToken,
    scope: grant.scopes.join(' '),
  };
}

/** Client authentication: HTTP Basic, or client_id + client_secret in the form (RFC 6749 §2.3.1). */
function authenticateClient(ctx: FakeDiscordContext, request: FastifyRequest, form: Form): void {
  let id = form.client_id;
  let secret = form.client_secret;
  const header = request.headers.authorization;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice(6), 'base64').toString();
    const colon = decoded.indexOf(':');
    id = decodeURIComponent(decoded.slice(0, colon));
    secret = decodeURIComponent(decoded.slice(colon + 1));
  }
  if (id !== ctx.oauth.clientId || secret !== ctx.oauth.clientSecret)
    throw new OAuthError('invalid_client', 'Invalid client credentials.');
}

function formOf(request: FastifyRequest): Form {
  if (!request.headers['content-type']?.startsWith('application/x-www-form-urlencoded'))
    throw new OAuthError('invalid_request', 'The body must be application/x-www-form-urlencoded.');
  return (request.body ?? {}) as Form;
}

function answerError(error: unknown, reply: FastifyReply) {
  if (error instanceof OAuthError)
    return reply.code(error.status).send({ error: error.error, error_description: error.description });
  throw error;
}

/**
 * POST /api[/v10]/oauth2/token (grant types authorization_code with PKCE, and refresh_token) and
 * /oauth2/token/revoke, answering RFC 6749 errors (`{error, error_description}`) as Discord does.
 */
export function oauthTokenRoutes(ctx: FakeDiscordContext): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    for (const prefix of ['/api/oauth2', '/api/v10/oauth2']) {
      app.post(`${prefix}/token`, async (request, reply) => {
        ctx.oauth.counts.tokenRequests += 1;
        try {
          const form = formOf(request);
          authenticateClient(ctx, request, form);
          reply.header('cache-control', 'no-store');
          if (form.grant_type === 'authorization_code') {
            if (form.code === undefined) throw new OAuthError('invalid_request', 'Missing "code".');
            return tokenResponse(ctx.oauth.redeemCode(form.code, form.redirect_uri, form.code_verifier));
          }
          if (form.grant_type === 'refresh_token') {
            if (form.refresh_token === undefined)
              throw new OAuthError('invalid_request', 'Missing "refresh_token".');
            return tokenResponse(ctx.oauth.refresh(form.refresh_token));
          }
          throw new OAuthError(
            'unsupported_grant_type',
            `Unsupported grant_type "${form.grant_type ?? ''}".`,
          );
        } catch (err) {
          return answerError(err, reply);
        }
      });
      app.post(`${prefix}/token/revoke`, async (request, reply) => {
        try {
          const form = formOf(request);
          authenticateClient(ctx, request, form);
          if (form.token === undefined) throw new OAuthError('invalid_request', 'Missing "token".');
          ctx.oauth.revoke(form.token);
          return {};
        } catch (err) {
          return answerError(err, reply);
        }
      });
    }
  };
}
