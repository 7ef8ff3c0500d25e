export { bearerSecurityScheme } from './auth-plugin.js';
export { assertGuildwireClaims, GuildwireClaimsSchema, guildRoles, roleAtLeast } from './claims.js';
export { ConfigError, loadConfig } from './config.js';
export {
  AuthConfigSchema,
  authOptionsFromConfig,
  DatabaseConfigSchema,
  HttpConfigSchema,
  httpOptionsFromConfig,
  NatsConfigSchema,
  ServerConfigSchema,
  ServiceConfigSchema,
} from './config-schemas.js';
export { buildService, createServiceApp } from './create-service-app.js';
export { describeApi, unusedDependencies } from './describe-api.js';
export { DEV_JWT_SECRET, signDevToken } from './dev-token.js';
export { createDueSweeper } from './due-sweeper.js';
export { ErrorResponseSchema, errorBody, toGuildwireError } from './error-reply.js';
export { authenticate, requireAuthentication, requireGuildRole } from './guards.js';
export { idempotencyStore } from './idempotency/idempotency-store.js';
export { onceByKey } from './idempotency/once-by-key.js';
export { createJwksKeyResolver } from './jwks.js';
export { createServiceLogger, redactedPaths } from './logger.js';
export { apiReferencePath } from './openapi.js';
export { commandServer } from './plugins/command-server.js';
export { dueSweeper } from './plugins/due-sweeper.js';
export { idempotencyKeys } from './plugins/idempotency-keys.js';
export { natsBus } from './plugins/nats-bus.js';
export { outbox } from './plugins/outbox.js';
export { databaseOf, postgres } from './plugins/postgres.js';
export { settingsClient } from './plugins/settings-client.js';
export { correlationIdHeader, requestIdHeader } from './request-ids.js';
export { runService } from './run-service.js';
export { serviceOptionsFromConfig } from './service-options.js';
export {
  exportSigningKey,
  generateSigningKey,
  jwkThumbprint,
  parseSigningKey,
  signingKeyFrom,
} from './signing-keys.js';
export { createTokenSigner } from './token-signer.js';
export { createTokenVerifier } from './token-verifier.js';
export { fieldErrorsOf } from './validation-errors.js';
export { assertVersion, ifMatchVersion, setVersionTag, WriteHeaders } from './versioning.js';

// Types

export type { AuthOptions, TokenAlgorithm } from './auth-options.js';
export type { GuildRole, GuildwireClaims } from './claims.js';
export type { Environment } from './config.js';
export type { ServiceConfig } from './config-schemas.js';
export type { ServiceApp, ServiceAppOptions } from './create-service-app.js';
export type { DevTokenGrant } from './dev-token.js';
export type { DueSweeper, DueSweeperOptions, DueWork } from './due-sweeper.js';
export type { ErrorResponse, RequestFacts } from './error-reply.js';
export type { AuthGuard } from './guards.js';
export type { CheckStatus, Readiness, ReadinessCheck } from './health.js';
export type { HttpGuardOptions } from './http-guards.js';
export type {
  IdempotencyClaim,
  IdempotencyDatabase,
  IdempotencyKeyRef,
  IdempotencyKeysTable,
} from './idempotency/idempotency-store.js';
export type { IdempotencyScope } from './idempotency/once-by-key.js';
export type { JwksOptions } from './jwks.js';
export type { ServiceLoggerOptions } from './logger.js';
export type { ServiceMetrics } from './metrics.js';
export type { OpenApiOptions } from './openapi.js';
export type { CommandServerOptions } from './plugins/command-server.js';
export type { DueSweeperPluginOptions } from './plugins/due-sweeper.js';
export type { IdempotencyKeysOptions } from './plugins/idempotency-keys.js';
export type { NatsBusOptions } from './plugins/nats-bus.js';
export type { OutboxPluginOptions } from './plugins/outbox.js';
export type { PostgresOptions } from './plugins/postgres.js';
export type { SettingsClientPluginOptions } from './plugins/settings-client.js';
export type { RunningService, RunServiceOptions } from './run-service.js';
export type { ServiceIdentity } from './service-options.js';
export type { SigningAlgorithm, SigningKey } from './signing-keys.js';
export type { TokenClaimsOptions, TokenGrant, TokenSigner } from './token-signer.js';
export type { TokenVerifier } from './token-verifier.js';
export type { SchemaIssue } from './validation-errors.js';
