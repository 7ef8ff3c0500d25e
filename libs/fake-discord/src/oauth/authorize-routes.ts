import type { FastifyInstance, FastifyPluginAsync, FastifyReply } from 'fastify';
import type { FakeDiscordContext } from '../context.js';
import { consentPage, errorPage } from './consent-page.js';
import { type AuthorizationRequest, KNOWN_SCOPES } from './oauth-store.js';

type Params = Record<string, string | undefined>;

/** Refusals that go back to the client's redirect URI (RFC 6749 §4.1.2.1), and those that cannot. */
type Checked =
  | { ok: true; request: AuthorizationRequest }
  | { ok: false; page: string }
  | { ok: false; redirect: string; error: string; description: string; state: string | undefined };

const challengeShape = /^[A-Za-z0-9._~-]{43,128}$/;

function redirectUriAllowed(ctx: FakeDiscordContext, uri: string): boolean {
  const registered = ctx.options.oauthRedirectUris;
  if (registered.length > 0) return registered.includes(uri);
  try {
    const url = new URL(uri);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hash === '';
  } catch {
    return false;
  }
}

/** Checks an authorization request as Discord does: client and redirect first, then the rest. */
export function checkAuthorizationRequest(ctx: FakeDiscordContext, q: Params): Checked {
  if (q.client_id !== ctx.oauth.clientId)
    return { ok: false, page: `Unknown application "${q.client_id ?? ''}".` };
  const redirectUri = q.redirect_uri;
  if (redirectUri === undefined || !redirectUriAllowed(ctx, redirectUri))
    return { ok: false, page: 'Invalid OAuth2 redirect_uri.' };
  const back = (error: string, description: string): Checked => ({
    ok: false,
    redirect: redirectUri,
    error,
    description,
    state: q.state,
  });
  if (q.response_type !== 'code')
    return back('unsupported_response_type', 'Only response_type=code is supported.');
  const scopes = (q.scope ?? '').split(/[ +]/).filter((s) => s !== '');
  const unknown = scopes.find((s) => !KNOWN_SCOPES.has(s));
  if (scopes.length === 0 || unknown !== undefined)
    return back('invalid_scope', unknown ? `The scope "${unknown}" is not known.` : 'No scope requested.');
  const method = q.code_challenge_method ?? (q.code_challenge === undefined ? undefined : 'plain');
  if (method !== undefined && method !== 'S256' && method !== 'plain')
    return back('invalid_request', 'code_challenge_method must be S256 or plain.');
  if (q.code_challenge !== undefined && !challengeShape.test(q.code_challenge))
    return back('invalid_request', 'code_challenge must be 43 to 128 characters of [A-Za-z0-9-._~].');
  if (method !== undefined && q.code_challenge === undefined)
    return back('invalid_request', 'code_challenge_method without code_challenge.');
  return {
    ok: true,
    request: {
      clientId: q.client_id,
      redirectUri,
      scopes,
      state: q.state,
      codeChallenge: q.code_challenge,
      codeChallengeMethod: method,
    },
  };
}

function redirectTo(reply: FastifyReply, uri: string, params: Record<string, string | undefined>) {
  const url = new URL(uri);
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) url.searchParams.set(name, value);
  return reply.redirect(url.toString(), 302);
}

function refuse(reply: FastifyReply, checked: Exclude<Checked, { ok: true }>) {
  if ('page' in checked)
    return reply.code(400).type('text/html; charset=utf-8').send(errorPage(checked.page));
  return redirectTo(reply, checked.redirect, {
    error: checked.error,
    error_description: checked.description,
    state: checked.state,
  });
}

/**
 * GET /oauth2/authorize shows the consent page (or approves at once for the user set with
 * `control.oauth.autoApprove`); POST /oauth2/authorize is the page's form: Authorize redirects with
 * `code` and `state`, Cancel with `error=access_denied`.
 */
export function oauthAuthorizeRoutes(ctx: FakeDiscordContext): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    for (const path of ['/oauth2/authorize', '/api/oauth2/authorize']) {
      app.get<{ Querystring: Params }>(path, async (request, reply) => {
        const checked = checkAuthorizationRequest(ctx, request.query);
        if (!checked.ok) return refuse(reply, checked);
        const auto = ctx.oauth.autoApproveUserId;
        if (auto !== undefined) {
          const code = ctx.oauth.issueCode(checked.request, auto);
          return redirectTo(reply, checked.request.redirectUri, { code, state: checked.request.state });
        }
        ctx.oauth.counts.authorizePages += 1;
        const users = [...ctx.store.users.values()].filter((u) => !u.bot);
        return reply
          .type('text/html; charset=utf-8')
          .header('cache-control', 'no-store')
          .send(consentPage(ctx.botUser.username, checked.request, users));
      });
      app.post<{ Body: Params | undefined }>(path, async (request, reply) => {
        const body = typeof request.body === 'object' && request.body !== null ? request.body : {};
        const checked = checkAuthorizationRequest(ctx, body);
        if (!checked.ok) return refuse(reply, checked);
        const { redirectUri, state } = checked.request;
        if (body.action === 'cancel')
          return redirectTo(reply, redirectUri, {
            error: 'access_denied',
            error_description: 'The resource owner or authorization server denied the request',
            state,
          });
        if (body.action !== 'authorize')
          return reply
            .code(400)
            .type('text/html; charset=utf-8')
            .send(errorPage('action must be authorize or cancel.'));
        const user = body.user_id === undefined ? undefined : ctx.store.users.get(body.user_id);
        if (user === undefined || user.bot)
          return reply
            .code(400)
            .type('text/html; charset=utf-8')
            .send(errorPage('Pick a user to sign in as.'));
        const code = ctx.oauth.issueCode(checked.request, user.id);
        return redirectTo(reply, redirectUri, { code, state });
      });
    }
  };
}
