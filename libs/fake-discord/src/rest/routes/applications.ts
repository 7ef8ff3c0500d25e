import type { FastifyInstance } from 'fastify';
import type { FakeDiscordContext } from '../../context.js';
import { oauthCurrentUser } from '../../oauth/user-routes.js';
import { requireUser } from '../../state/lookup.js';

/** GET /gateway, /gateway/bot, /users/@me, /users/{id} and /applications/@me. */
export function registerApplicationRoutes(app: FastifyInstance, ctx: FakeDiscordContext): void {
  app.get('/gateway', async () => ({ url: ctx.urls.gateway }));
  app.get('/gateway/bot', async () => ({
    url: ctx.urls.gateway,
    shards: ctx.options.recommendedShards,
    session_start_limit: {
      total: 1000,
      remaining: 1000,
      reset_after: 86_400_000,
      max_concurrency: ctx.options.maxConcurrency,
    },
  }));
  app.get('/users/@me', async (request) =>
    request.oauthGrant ? oauthCurrentUser(ctx, request.oauthGrant) : botUserMe(),
  );
  const botUserMe = () => ({
    ...ctx.botUser,
    verified: true,
    mfa_enabled: false,
    email: null,
    locale: 'en-US',
  });
  app.get<{ Params: { userId: string } }>('/users/:userId', async (request) =>
    requireUser(ctx.store, request.params.userId),
  );
  const application = async () => ({
    id: ctx.applicationId,
    name: ctx.botUser.username,
    icon: null,
    description: '',
    summary: '',
    type: null,
    bot_public: true,
    bot_require_code_grant: false,
    bot: ctx.botUser,
    verify_key: '0'.repeat(64),
    flags: 0,
    team: null,
    owner: ctx.botUser,
    approximate_guild_count: ctx.store.guilds.size,
  });
  app.get('/applications/@me', application);
  app.get('/oauth2/applications/@me', application);
}
