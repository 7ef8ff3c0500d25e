import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { createContext } from './context.js';
import { createControl, type FakeDiscordControl } from './control/control.js';
import { controlHttp } from './control/http.js';
import { createGatewayHub } from './gateway/hub.js';
import { oauthAuthorizeRoutes } from './oauth/authorize-routes.js';
import { oauthControlHttp } from './oauth/oauth-control.js';
import { oauthTokenRoutes } from './oauth/token-routes.js';
import { type FakeDiscordOptions, resolveOptions } from './options.js';
import { API_PREFIX, restApi } from './rest/plugin.js';
import { createRateLimiter } from './rest/rate-limit.js';
import { createServerErrorInjector } from './rest/server-errors.js';
import type { ApiUser } from './state/types.js';

/** A running fake Discord server. */
export interface FakeDiscord {
  /** Base HTTP URL, e.g. http://127.0.0.1:54321 (the `publicUrl` option when given). */
  readonly url: string;
  /** Where the server listens, e.g. http://0.0.0.0:3190: `url` unless `publicUrl` was given. */
  readonly listenUrl: string;
  /** The REST base to give discord.js / @discordjs/rest as `api` (…/api; the client adds /v10). */
  readonly apiUrl: string;
  /** The gateway URL that GET /gateway/bot returns. */
  readonly gatewayUrl: string;
  /** The bot token the server accepts. */
  readonly token: string;
  readonly applicationId: string;
  readonly botUser: ApiUser;
  readonly control: FakeDiscordControl;
  /** Closes connections and the HTTP server; cancels every timer. */
  close(): Promise<void>;
}

const GATEWAY_PATHS: ReadonlySet<string> = new Set(['/gateway', '/gateway/']);

/**
 * Starts a fake Discord: REST under /api/v10, the gateway WebSocket at /gateway, OAuth2 at
 * /oauth2/authorize and /api/oauth2/token, the control API over HTTP under /__control. Listens on 127.0.0.1 and a free port unless told otherwise.
 */
export async function startFakeDiscord(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const resolved = resolveOptions(options);
  const ctx = createContext(resolved);
  const app = Fastify({
    forceCloseConnections: true,
    // @discordjs/rest sends `@me` percent-encoded (`%40me`); Discord routes both spellings alike.
    rewriteUrl: (request) => (request.url ?? '/').replace(/%40me\b/gi, '@me'),
    ...(resolved.logger ? { loggerInstance: resolved.logger } : { logger: false }),
  });
  const hub = createGatewayHub(ctx);
  const limiter = createRateLimiter(ctx);
  const serverErrors = createServerErrorInjector();
  const control = createControl(ctx, hub, limiter, serverErrors);
  await app.register(restApi(ctx, limiter, serverErrors), { prefix: API_PREFIX });
  await app.register(controlHttp(control), { prefix: '/__control' });
  await app.register(oauthAuthorizeRoutes(ctx));
  await app.register(oauthTokenRoutes(ctx));
  await app.register(oauthControlHttp(control.oauth), { prefix: '/__control/oauth' });
  app.server.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (GATEWAY_PATHS.has(path)) hub.handleUpgrade(request, socket, head);
    else socket.destroy();
  });
  await app.listen({ host: resolved.host, port: resolved.port });
  const { port } = app.server.address() as AddressInfo;
  const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  const listenUrl = `http://${host}:${port}`;
  ctx.urls.http = resolved.publicUrl ?? listenUrl;
  ctx.urls.gateway = `${ctx.urls.http.replace(/^http/, 'ws')}/gateway`;
  return {
    url: ctx.urls.http,
    listenUrl,
    apiUrl: `${ctx.urls.http}/api`,
    gatewayUrl: ctx.urls.gateway,
    token: resolved.token,
    applicationId: ctx.applicationId,
    botUser: ctx.botUser,
    control,
    async close() {
      hub.close();
      ctx.cancelAll();
      await app.close();
    },
  };
}
