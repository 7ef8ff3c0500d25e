import type { FastifyError, FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { FakeDiscordContext } from '../context.js';
import { DiscordApiError, discordErrors } from '../errors.js';
import { checkBearer, registerOAuthUserRoutes } from '../oauth/user-routes.js';
import type { RateLimiter } from './rate-limit.js';
import { registerApplicationRoutes } from './routes/applications.js';
import { registerBulkDeleteRoutes } from './routes/bulk-delete.js';
import { registerChannelRoutes } from './routes/channels.js';
import { registerCommandRoutes } from './routes/commands.js';
import { registerGuildRoutes } from './routes/guilds.js';
import { registerInteractionRoutes } from './routes/interactions.js';
import { registerMessageRoutes } from './routes/messages.js';
import { registerReactionRoutes } from './routes/reactions.js';
import { registerThreadRoutes } from './routes/threads.js';
import { registerVoiceStateRoutes } from './routes/voice-states.js';
import { registerWebhookRoutes } from './routes/webhooks.js';
import type { ServerErrorInjector } from './server-errors.js';

/** The API version prefix the fake serves (discord.js uses v10). */
export const API_PREFIX = '/api/v10';

const GUILD_PATH = /^\/guilds\/(\d+)/;

/** Interaction callbacks and webhook-token routes are authorized by their token, not the bot token. */
const TOKEN_AUTHORIZED = /^\/(interactions\/\d+\/[^/]+\/callback|webhooks\/\d+\/[^/]+)/;

function parseJson(_request: unknown, body: string, done: (err: Error | null, body?: unknown) => void): void {
  if (body.length === 0) {
    done(null, undefined);
    return;
  }
  try {
    done(null, JSON.parse(body));
  } catch {
    done(discordErrors.invalidJson());
  }
}

function handleError(ctx: FakeDiscordContext) {
  return (
    error: FastifyError,
    _request: unknown,
    reply: { code(n: number): { send(b: unknown): unknown } },
  ) => {
    if (error instanceof DiscordApiError) return reply.code(error.status).send(error.body);
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send({ message: error.message, code: 0 });
    ctx.options.logger?.error({ err: error }, 'fake-discord route failed');
    return reply.code(500).send({ message: '500: Internal Server Error', code: 0 });
  };
}

/** The Discord REST API: auth, rate-limit headers, Discord-shaped errors, and every route. */
export function restApi(
  ctx: FakeDiscordContext,
  limiter: RateLimiter,
  serverErrors: ServerErrorInjector,
): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) =>
      parseJson(req, String(body), done),
    );
    app.setErrorHandler(handleError(ctx));
    app.setNotFoundHandler((_request, reply) => reply.code(404).send(discordErrors.notFound().body));
    app.addHook('onRequest', async (request, reply) => {
      const path = request.url.slice(API_PREFIX.length).split('?')[0] ?? '';
      // A user's OAuth2 token (the dashboard's login) reaches only the /users/@me routes, which
      // rate-limit per token themselves.
      const bearer = checkBearer(ctx, request, reply, path);
      if (bearer === 'refused') return reply;
      if (bearer === 'accepted') return undefined;
      if (!TOKEN_AUTHORIZED.test(path) && request.headers.authorization !== `Bot ${ctx.options.token}`) {
        const { body } = discordErrors.unauthorized();
        return reply.code(401).send(body);
      }
      if (limiter.apply(request, reply, path)) return reply;
      if (serverErrors.apply(request, reply, path)) return reply;
      // A guild the bot is not in (created withBot: false) is Missing Access to it, as on Discord.
      const guild = ctx.store.guilds.get(GUILD_PATH.exec(path)?.[1] ?? '');
      if (guild !== undefined && !guild.members.has(ctx.botUser.id)) {
        const { status, body } = discordErrors.missingAccess();
        return reply.code(status).send(body);
      }
      return undefined;
    });
    app.addHook('onResponse', async (request, reply) => {
      const path = request.url.slice(API_PREFIX.length).split('?')[0] ?? '';
      const at = Date.now();
      const record = {
        method: request.method,
        path,
        status: reply.statusCode,
        receivedAt: at - reply.elapsedTime,
        at,
      };
      ctx.store.requests.push(record);
      ctx.bus.publish({ kind: 'request', method: record.method, path, status: record.status });
    });
    registerApplicationRoutes(app, ctx);
    registerCommandRoutes(app, ctx);
    registerInteractionRoutes(app, ctx);
    registerWebhookRoutes(app, ctx);
    registerGuildRoutes(app, ctx);
    registerChannelRoutes(app, ctx);
    registerThreadRoutes(app, ctx);
    registerMessageRoutes(app, ctx);
    registerBulkDeleteRoutes(app, ctx);
    registerReactionRoutes(app, ctx);
    registerVoiceStateRoutes(app, ctx);
    registerOAuthUserRoutes(app, ctx);
  };
}
