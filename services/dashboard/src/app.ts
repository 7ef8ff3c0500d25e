import { createPublicKey } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import type { Bus } from '@guildwire/bus';
import {
  buildService,
  createTokenSigner,
  databaseOf,
  httpOptionsFromConfig,
  natsBus,
  postgres,
  type ServiceApp,
  type ServiceLoggerOptions,
  settingsClient,
} from '@guildwire/service-kit';
import type { SettingsClient } from '@guildwire/settings-client';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { dashboardMigrations } from '../migrations/index.js';
import type { DashboardConfig } from './config.js';
import { createDiscordApi } from './discord/discord-api.js';
import { createGuildLookups } from './grants/guild-lookups.js';
import { type KeyRing, loadKeyRing } from './keys/key-ring.js';
import { sessionSecrets } from './keys/session-secrets.js';
import { appRoutes } from './routes/app-routes.js';
import { authRoutes } from './routes/auth-routes.js';
import { webConfigRoute } from './routes/web-config-route.js';
import type { DashboardDatabase } from './store/database.js';
import { sessionPurge } from './store/session-purge.js';
import { createSessionStore } from './store/session-store.js';
import { createAuthUseCases } from './use-cases/auth-use-cases.js';

/** Name, version and purpose of the service. */
export const dashboardService = {
  name: 'dashboard',
  version: '0.1.0',
  description: 'Discord sign-in, Guildwire access tokens and their signing keys (JWKS), the web app',
};

/** Dependencies a caller may build itself (tests pass their own database, bus, clock or keys). */
export interface DashboardAppDeps {
  readonly db?: Kysely<DashboardDatabase>;
  readonly bus?: Bus;
  readonly settings?: SettingsClient;
  readonly keyRing?: KeyRing;
  readonly clock?: () => Date;
  readonly logger?: Logger | ServiceLoggerOptions;
}

/** The dashboard service: Postgres (sessions), NATS (bot and config lookups), sign-in routes, JWKS, the app. */
export async function buildApp(config: DashboardConfig, deps: DashboardAppDeps = {}): Promise<ServiceApp> {
  const keyRing = deps.keyRing ?? loadKeyRing(config);
  const secrets = sessionSecrets(config.DASHBOARD_SESSION_SECRET);
  const clock = deps.clock ?? (() => new Date());
  const claims = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  const publicOrigin = new URL(config.DASHBOARD_PUBLIC_URL).origin;
  const options = {
    name: dashboardService.name,
    version: dashboardService.version,
    logger: deps.logger ?? { level: config.LOG_LEVEL },
    // Its own routes would verify its own tokens with the current key (none needs one yet).
    auth: {
      publicKey: createPublicKey(keyRing.current.privateKey)
        .export({ type: 'spki', format: 'pem' })
        .toString(),
      ...claims,
    },
    ...httpOptionsFromConfig(config),
    openapi: { title: 'Guildwire dashboard service', description: dashboardService.description },
  };
  return buildService(options, async (app) => {
    if (keyRing.generated)
      app.log.warn(
        { kid: keyRing.current.kid },
        'DASHBOARD_SIGNING_KEY is empty: signing with a key made at start (development only; tokens die with this process, replicas disagree)',
      );
    if (secrets.generated)
      app.log.warn(
        'DASHBOARD_SESSION_SECRET is empty: a random one is used (development only; sessions die with this process)',
      );
    await app.register(postgres, {
      config,
      schema: 'dashboard',
      migrations: dashboardMigrations,
      db: deps.db,
    });
    // A reader of the stream (settings), never its writer: the stream is the writers' to ensure.
    await app.register(natsBus, { config, bus: deps.bus, stream: false });
    await app.register(settingsClient, deps.settings === undefined ? {} : { client: deps.settings });
    await app.register(fastifyCookie, { secret: secrets.cookieSecret });
    const store = createSessionStore(databaseOf<DashboardDatabase>(app));
    await app.register(sessionPurge, { store, clock });
    const discord = createDiscordApi({
      oauthUrl: config.DISCORD_OAUTH_URL,
      apiUrl: config.DISCORD_API_URL,
      clientId: config.DISCORD_CLIENT_ID,
      clientSecret: config.DISCORD_CLIENT_SECRET,
      redirectUri: `${publicOrigin}/auth/callback`,
    });
    const uses = createAuthUseCases({
      store,
      discord,
      lookups: createGuildLookups({
        bus: app.bus,
        settings: app.settings,
        timeoutMs: config.DASHBOARD_LOOKUP_TIMEOUT_MS,
      }),
      signer: createTokenSigner(keyRing.current, claims),
      tokenBox: secrets.tokenBox,
      clock,
      logger: app.log as Logger,
      accessTokenTtlS: config.DASHBOARD_ACCESS_TOKEN_TTL_S,
      sessionTtlMs: config.DASHBOARD_SESSION_TTL_S * 1000,
      sessionIdleMs: config.DASHBOARD_SESSION_IDLE_S * 1000,
      refreshReuseGraceMs: config.DASHBOARD_REFRESH_REUSE_GRACE_MS,
      guildsRefreshMinMs: config.DASHBOARD_GUILDS_REFRESH_MIN_S * 1000,
    });
    await app.register(authRoutes, {
      uses,
      discord,
      publicOrigin,
      secureCookies: config.DASHBOARD_COOKIE_SECURE,
      sessionTtlS: config.DASHBOARD_SESSION_TTL_S,
    });
    await app.register(webConfigRoute, {
      web: {
        ticketApiUrl: config.DASHBOARD_TICKET_API_URL,
        giveawayApiUrl: config.DASHBOARD_GIVEAWAY_API_URL,
        configApiUrl: config.DASHBOARD_CONFIG_API_URL,
        botGatewayApiUrl: config.DASHBOARD_BOT_GATEWAY_API_URL,
        realtimeUrl: config.DASHBOARD_REALTIME_URL,
      },
    });
    await app.register(appRoutes, {
      jwks: () => keyRing.published.map((key) => key.publicJwk),
      staticDir: config.DASHBOARD_STATIC_DIR,
    });
  });
}
