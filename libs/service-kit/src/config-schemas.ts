import { type Static, Type } from 'typebox';
import type { AuthOptions } from './auth-options.js';
import { ConfigError } from './config.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** PORT, HOST and LOG_LEVEL: how the HTTP server listens and logs. */
export const ServerConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  // Loopback by default: a local stack signed with a dev secret must not be reachable from the LAN;
  // containers set HOST=0.0.0.0.
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  LOG_LEVEL: Type.Enum(logLevels, { default: 'info' }),
});

/**
 * How tokens are verified: JWT_JWKS_URL (the dashboard's signing keys, EdDSA/ES256/RS256) or
 * JWT_SECRET (HS256, at least 32 characters; local development and tests) — exactly one of them —
 * with JWT_ISSUER and JWT_AUDIENCE.
 */
export const AuthConfigSchema = Type.Object({
  JWT_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  JWT_JWKS_URL: Type.Optional(Type.String({ pattern: '^https?://' })),
  /** Least time between two JWKS fetches caused by a token naming an unknown key id. */
  JWT_JWKS_MIN_REFETCH_MS: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 30_000 }),
  JWT_ISSUER: Type.String({ minLength: 1, default: 'guildwire' }),
  JWT_AUDIENCE: Type.String({ minLength: 1, default: 'guildwire-dashboard' }),
});

/**
 * NATS_URL (one or more comma-separated URLs), NATS_NAMESPACE (isolates stacks on one server) and
 * STREAM_REPLICAS (copies of each stream and KV bucket the service creates; the cluster's node count).
 */
export const NatsConfigSchema = Type.Object({
  NATS_URL: Type.String({ minLength: 1, pattern: '^(nats|tls|wss?)://' }),
  /** Subject prefix and stream suffix, to share one NATS server between stacks (tests, benches). */
  NATS_NAMESPACE: Type.String({ pattern: '^[A-Za-z0-9_-]*$', default: '' }),
  /** At most the JetStream nodes of the cluster (libs/bus refuses more at start); JetStream's cap is 5. */
  STREAM_REPLICAS: Type.Integer({ minimum: 1, maximum: 5, default: 1 }),
});

/** DATABASE_URL and DB_POOL_SIZE: the service's Postgres. */
export const DatabaseConfigSchema = Type.Object({
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://' }),
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
});

/** CORS_ORIGINS (the dashboards' origins, comma-separated; empty: same origin only) and rate limits. */
export const HttpConfigSchema = Type.Object({
  CORS_ORIGINS: Type.String({ pattern: '^(https?://[^,\\s]+(,https?://[^,\\s]+)*)?$', default: '' }),
  /** Requests per minute per client address; 0 turns the limit off (benchmarks). */
  RATE_LIMIT_PER_MINUTE: Type.Integer({ minimum: 0, default: 1200 }),
});

/**
 * What every Guildwire service reads (server, auth, NATS, HTTP). A service extends it by spreading
 * properties: `Type.Object({ ...ServiceConfigSchema.properties, ...DatabaseConfigSchema.properties, … })`.
 */
export const ServiceConfigSchema = Type.Object({
  ...ServerConfigSchema.properties,
  ...AuthConfigSchema.properties,
  ...NatsConfigSchema.properties,
  ...HttpConfigSchema.properties,
});

/** The common configuration every service has. */
export type ServiceConfig = Static<typeof ServiceConfigSchema>;

/**
 * The AuthOptions for `createServiceApp` / `createTokenVerifier` from loaded configuration; a
 * ConfigError when neither or both of JWT_JWKS_URL and JWT_SECRET are set (with both, an HS256 token
 * signed with the shared secret would pass beside the dashboard's: the key-confusion hole JWKS closes).
 */
export function authOptionsFromConfig(config: Static<typeof AuthConfigSchema>): AuthOptions {
  const claims = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  const { JWT_SECRET: secret, JWT_JWKS_URL: url } = config;
  if (secret !== undefined && url !== undefined)
    throw new ConfigError('set JWT_JWKS_URL or JWT_SECRET, not both (JWT_SECRET is for local development)');
  if (url !== undefined) return { jwks: { url, minRefetchMs: config.JWT_JWKS_MIN_REFETCH_MS }, ...claims };
  if (secret === undefined)
    throw new ConfigError("JWT_JWKS_URL (the dashboard's /.well-known/jwks.json) or JWT_SECRET is required");
  return { secret, ...claims };
}

/** The HTTP options of `createServiceApp` from loaded configuration. */
export function httpOptionsFromConfig(config: Static<typeof HttpConfigSchema>) {
  return {
    corsOrigins: config.CORS_ORIGINS === '' ? [] : config.CORS_ORIGINS.split(','),
    rateLimitPerMinute: config.RATE_LIMIT_PER_MINUTE,
  };
}
