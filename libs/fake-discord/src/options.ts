import type { Logger } from 'pino';

/** Options of a fake Discord server; every field has a default. */
export interface FakeDiscordOptions {
  /** Interface to listen on (default 127.0.0.1). */
  host?: string;
  /** Port to listen on (default 0: a free port). */
  port?: number;
  /**
   * Where bots reach this server, e.g. `http://fake-discord:3190` in a container network: the
   * gateway URL that GET /gateway/bot and READY advertise is built from it. Default: the listen
   * address (`http://<host>:<port>`), which is wrong when listening on 0.0.0.0.
   */
  publicUrl?: string;
  /** The bot token that REST `Authorization: Bot …` and gateway IDENTIFY must carry. */
  token?: string;
  /** The bot user's name (its id is also the application id, as for new Discord apps). */
  botUsername?: string;
  /**
   * The bot user's id, which is also the application's (the OAuth2 client id). Default: a fresh
   * snowflake. A fixed one lets a dashboard in another process be configured before the server runs.
   */
  applicationId?: string;
  /** HELLO's heartbeat_interval in ms (default 41250, Discord's usual value). */
  heartbeatIntervalMs?: number;
  /** How long a missing heartbeat is tolerated, as a multiple of the interval (default 1.5). */
  heartbeatTimeoutFactor?: number;
  /** How long a dropped session stays resumable in ms (default 120000). */
  resumeWindowMs?: number;
  /** Dispatches kept per session for RESUME (default 1000). */
  resumeBacklog?: number;
  /** Time the bot has to answer an interaction (default 3000 ms, Discord's limit). */
  interactionDeadlineMs?: number;
  /** How long interaction tokens stay valid for follow-ups (default 15 minutes). */
  interactionTokenTtlMs?: number;
  /** Privileged intents the application is allowed (default all: members, presences, message content). */
  allowedPrivilegedIntents?: number;
  /** Requests per rate-limit bucket window (default 50). */
  rateLimitPerWindow?: number;
  /** Length of a rate-limit bucket window in ms (default 1000). */
  rateLimitWindowMs?: number;
  /** `shards` that GET /gateway/bot recommends (default 1). */
  recommendedShards?: number;
  /** session_start_limit.max_concurrency of GET /gateway/bot: shards that may identify at once (default 1). */
  maxConcurrency?: number;
  /** OAuth2: the application's client secret (the client id is the application id). */
  oauthClientSecret?: string;
  /** OAuth2: redirect URIs the application registered; empty (default) accepts any http(s) URL. */
  oauthRedirectUris?: string[];
  /** OAuth2: authorization code lifetime (default 10 minutes). */
  oauthCodeTtlMs?: number;
  /** OAuth2: access token lifetime (default 7 days, Discord's `expires_in: 604800`). */
  oauthAccessTokenTtlMs?: number;
  /** OAuth2: GET /users/@me/guilds requests per window and bearer token (default 1 per second). */
  oauthGuildsPerWindow?: number;
  /** OAuth2: that window's length in ms (default 1000). */
  oauthGuildsWindowMs?: number;
  /** A pino logger; silent when absent. */
  logger?: Logger;
}

/** Options with defaults applied. */
export type ResolvedOptions = Required<Omit<FakeDiscordOptions, 'logger' | 'publicUrl' | 'applicationId'>> & {
  logger: Logger | undefined;
  publicUrl: string | undefined;
  applicationId: string | undefined;
};

/** Privileged intents: GUILD_MEMBERS (1 << 1), GUILD_PRESENCES (1 << 8), MESSAGE_CONTENT (1 << 15). */
export const PRIVILEGED_INTENTS = (1 << 1) | (1 << 8) | (1 << 15);

/** Applies defaults to options. */
export function resolveOptions(options: FakeDiscordOptions): ResolvedOptions {
  if (options.applicationId !== undefined && !/^[1-9][0-9]{0,19}$/.test(options.applicationId))
    throw new TypeError(
      `applicationId must be a snowflake (digits), got ${JSON.stringify(options.applicationId)}`,
    );
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    publicUrl: options.publicUrl?.replace(/\/+$/, ''),
    token: options.token ?? 'fake-discord-bot-token',
    botUsername: options.botUsername ?? 'Guildwire',
    applicationId: options.applicationId,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 41_250,
    heartbeatTimeoutFactor: options.heartbeatTimeoutFactor ?? 1.5,
    resumeWindowMs: options.resumeWindowMs ?? 120_000,
    resumeBacklog: options.resumeBacklog ?? 1000,
    interactionDeadlineMs: options.interactionDeadlineMs ?? 3000,
    interactionTokenTtlMs: options.interactionTokenTtlMs ?? 15 * 60_000,
    allowedPrivilegedIntents: options.allowedPrivilegedIntents ?? PRIVILEGED_INTENTS,
    rateLimitPerWindow: options.rateLimitPerWindow ?? 50,
    rateLimitWindowMs: options.rateLimitWindowMs ?? 1000,
    recommendedShards: options.recommendedShards ?? 1,
    maxConcurrency: options.maxConcurrency ?? 1,
    oauthClientSecret: options.oauthClientSecret ?? 'fake-discord-client-secret',
    oauthRedirectUris: options.oauthRedirectUris ?? [],
    oauthCodeTtlMs: options.oauthCodeTtlMs ?? 10 * 60_000,
    oauthAccessTokenTtlMs: options.oauthAccessTokenTtlMs ?? 7 * 24 * 3600_000,
    oauthGuildsPerWindow: options.oauthGuildsPerWindow ?? 1,
    oauthGuildsWindowMs: options.oauthGuildsWindowMs ?? 1000,
    logger: options.logger,
  };
}
