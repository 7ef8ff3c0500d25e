import {
  ConfigError,
  DatabaseConfigSchema,
  type Environment,
  HttpConfigSchema,
  loadConfig,
  NatsConfigSchema,
  ServerConfigSchema,
} from '@guildwire/service-kit';
import { type Static, Type } from 'typebox';

const seconds = (minimum: number, maximum: number, defaultValue: number, description: string) =>
  Type.Integer({ minimum, maximum, default: defaultValue, description });

/** Everything the dashboard service reads from its environment. */
export const DashboardConfigSchema = Type.Object({
  ...ServerConfigSchema.properties,
  ...NatsConfigSchema.properties,
  ...HttpConfigSchema.properties,
  ...DatabaseConfigSchema.properties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3106 }),
  JWT_ISSUER: Type.String({ minLength: 1, default: 'guildwire' }),
  JWT_AUDIENCE: Type.String({ minLength: 1, default: 'guildwire-dashboard' }),
  /** Where browsers reach the dashboard; the OAuth2 redirect URI is `<this>/auth/callback`. */
  DASHBOARD_PUBLIC_URL: Type.String({ pattern: '^https?://[^/?#]+$', default: 'http://127.0.0.1:3106' }),
  /** The Discord application's OAuth2 client id and secret (the fake Discord's with `npm start`). */
  DISCORD_CLIENT_ID: Type.String({ pattern: '^[0-9]{1,20}$' }),
  DISCORD_CLIENT_SECRET: Type.String({ minLength: 1 }),
  /** Where the consent page is (`/oauth2/authorize` under it). */
  DISCORD_OAUTH_URL: Type.String({ pattern: '^https?://', default: 'https://discord.com' }),
  /** Discord's REST base (`/v10/oauth2/token`, `/v10/users/@me…` under it). */
  DISCORD_API_URL: Type.String({ pattern: '^https?://', default: 'https://discord.com/api' }),
  /** The private key tokens are signed with (PEM or JWK); generated at start when empty (development). */
  DASHBOARD_SIGNING_KEY: Type.String({ default: '' }),
  /** The key signed with before the last rotation: still published, so its tokens live out their minutes. */
  DASHBOARD_PREVIOUS_SIGNING_KEY: Type.String({ default: '' }),
  /** Signs the login cookie and encrypts the Discord tokens kept per session (≥ 32 characters); generated when empty. */
  DASHBOARD_SESSION_SECRET: Type.String({ default: '' }),
  DASHBOARD_ACCESS_TOKEN_TTL_S: seconds(30, 3600, 600, 'lifetime of an access token'),
  DASHBOARD_SESSION_TTL_S: seconds(300, 90 * 86_400, 30 * 86_400, 'a session ends this long after login'),
  DASHBOARD_SESSION_IDLE_S: seconds(300, 90 * 86_400, 7 * 86_400, 'a session unused this long ends'),
  /**
   * A refresh token presented again within this many ms of its rotation is answered without a new
   * one (two tabs refreshing at once); later, it is a reuse and ends the session. 0 = never.
   */
  DASHBOARD_REFRESH_REUSE_GRACE_MS: Type.Integer({ minimum: 0, maximum: 60_000, default: 5000 }),
  /** POST /auth/refresh-guilds reads Discord at most once per this many seconds per session. */
  DASHBOARD_GUILDS_REFRESH_MIN_S: seconds(1, 3600, 60, 'least time between two guild list reads'),
  /** Cookies carry `Secure` (browsers accept it on http://localhost and 127.0.0.1 too). */
  DASHBOARD_COOKIE_SECURE: Type.Boolean({ default: true }),
  /** The built web app (its index.html); empty or missing: a page saying how to build it. */
  DASHBOARD_STATIC_DIR: Type.String({ default: '' }),
  /** Where browsers reach the services the web app calls (GET /config.json hands these to it). */
  DASHBOARD_TICKET_API_URL: Type.String({ pattern: '^https?://[^?#]+$', default: 'http://127.0.0.1:3101' }),
  DASHBOARD_GIVEAWAY_API_URL: Type.String({ pattern: '^https?://[^?#]+$', default: 'http://127.0.0.1:3103' }),
  DASHBOARD_CONFIG_API_URL: Type.String({ pattern: '^https?://[^?#]+$', default: 'http://127.0.0.1:3104' }),
  DASHBOARD_BOT_GATEWAY_API_URL: Type.String({
    pattern: '^https?://[^?#]+$',
    default: 'http://127.0.0.1:3105',
  }),
  /** The realtime gateway's stream, `ws(s)://host/v1/stream`. */
  DASHBOARD_REALTIME_URL: Type.String({
    pattern: '^wss?://[^?#]+$',
    default: 'ws://127.0.0.1:3102/v1/stream',
  }),
  /** How long the bot gateway and the config service get to answer per guild at token time. */
  DASHBOARD_LOOKUP_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 30_000, default: 2000 }),
});

/** The dashboard's parsed, frozen configuration. */
export type DashboardConfig = Static<typeof DashboardConfigSchema>;

/** Parses the environment once; throws ConfigError naming each bad variable. */
export function loadDashboardConfig(env: Environment = process.env): DashboardConfig {
  const config = loadConfig(DashboardConfigSchema, env);
  if (config.DASHBOARD_SESSION_SECRET !== '' && config.DASHBOARD_SESSION_SECRET.length < 32)
    throw new ConfigError('DASHBOARD_SESSION_SECRET must have at least 32 characters (got a hidden value)');
  if (config.DASHBOARD_SESSION_IDLE_S > config.DASHBOARD_SESSION_TTL_S)
    throw new ConfigError('DASHBOARD_SESSION_IDLE_S must not exceed DASHBOARD_SESSION_TTL_S');
  return config;
}
