import { type Static, type TUnsafe, Type } from '@sinclair/typebox';
import type { AuthOptions } from './auth-options.js';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A string restricted to `values`, as a plain JSON-schema `enum` (clear messages from ajv). */
export function StringEnum<const T extends readonly string[]>(
  values: T,
  options: { default?: T[number] } = {},
): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/** PORT, HOST and LOG_LEVEL: how the HTTP server listens and logs. */
export const ServerConfigSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  // Loopback by default: a local stack signed with a dev secret must not be reachable from the LAN;
  // containers set HOST=0.0.0.0.
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  LOG_LEVEL: StringEnum(logLevels, { default: 'info' }),
});

/** JWT_SECRET (HS256, at least 32 characters, no default), JWT_ISSUER and JWT_AUDIENCE. */
export const AuthConfigSchema = Type.Object({
  JWT_SECRET: Type.String({ minLength: 32 }),
  JWT_ISSUER: Type.String({ minLength: 1, default: 'guildwire' }),
  JWT_AUDIENCE: Type.String({ minLength: 1, default: 'guildwire-dashboard' }),
});

/** NATS_URL: one or more comma-separated NATS server URLs. */
export const NatsConfigSchema = Type.Object({
  NATS_URL: Type.String({ minLength: 1, pattern: '^(nats|tls|wss?)://' }),
});

/** DATABASE_URL: the service's Postgres connection string. */
export const DatabaseConfigSchema = Type.Object({
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://' }),
});

/** What every Guildwire service reads (server, auth, NATS); extend it with `Type.Composite`. */
export const ServiceConfigSchema = Type.Composite([ServerConfigSchema, AuthConfigSchema, NatsConfigSchema]);

/** The common configuration every service has. */
export type ServiceConfig = Static<typeof ServiceConfigSchema>;

/** The AuthOptions for `createServiceApp` / `createTokenVerifier` from loaded configuration. */
export function authOptionsFromConfig(config: Static<typeof AuthConfigSchema>): AuthOptions {
  return { secret: config.JWT_SECRET, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
}
