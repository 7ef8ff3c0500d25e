import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { FakeDiscordContext } from '../context.js';
import { ControlUsageError } from '../control/errors.js';
import type { OAuthCounts } from './oauth-store.js';

/** The OAuth2 side of the control API: the app's credentials, auto-approval, counters, revocation. */
export interface OAuthControl {
  /** The client id (the application id) and secret a login flow uses. */
  readonly clientId: string;
  readonly clientSecret: string;
  /**
   * Approves every /oauth2/authorize at once as this user (no consent page), like Discord for an
   * app the user already authorized; `undefined` shows the page again.
   */
  autoApprove(userId: string | undefined): void;
  /** What clients did at the OAuth2 endpoints so far. */
  counts(): OAuthCounts;
  /** Ends a user's grants, as removing the app from "Authorized Apps" does; returns how many. */
  revokeUser(userId: string): number;
}

/** The control calls over the server's OAuth2 store. */
export function createOAuthControl(ctx: FakeDiscordContext): OAuthControl {
  return {
    clientId: ctx.oauth.clientId,
    clientSecret: ctx.oauth.clientSecret,
    autoApprove(userId) {
      const user = userId === undefined ? undefined : ctx.store.users.get(userId);
      if (userId !== undefined && (user === undefined || user.bot))
        throw new ControlUsageError(`auto-approve needs a known, non-bot user (got ${userId})`);
      ctx.oauth.autoApproveUserId = userId;
    },
    counts: () => ({ ...ctx.oauth.counts }),
    revokeUser: (userId) => ctx.oauth.revokeUser(userId),
  };
}

/** `/__control/oauth`: GET the credentials and counters, POST /auto-approve {userId|null}, POST /revoke {userId}. */
export function oauthControlHttp(control: OAuthControl): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.setErrorHandler((error, _request, reply) =>
      reply
        .code(error instanceof ControlUsageError ? 400 : 500)
        .send({ error: error instanceof Error ? error.message : String(error) }),
    );
    app.get('/', async () => ({
      clientId: control.clientId,
      clientSecret: control.clientSecret,
      counts: control.counts(),
    }));
    app.post<{ Body: { userId?: string | null } | undefined }>('/auto-approve', async (request, reply) => {
      control.autoApprove(request.body?.userId ?? undefined);
      return reply.code(204).send();
    });
    app.post<{ Body: { userId?: string } | undefined }>('/revoke', async (request) => {
      const userId = request.body?.userId;
      if (typeof userId !== 'string') throw new ControlUsageError('revoke needs {"userId": "…"}');
      return { revoked: control.revokeUser(userId) };
    });
  };
}
