export { bearerSecurityScheme } from './auth-plugin.js';
export { assertGuildwireClaims, GuildwireClaimsSchema, guildRoles, roleAtLeast } from './claims.js';
export { ConfigError, loadConfig } from './config.js';
export {
  AuthConfigSchema,
  authOptionsFromConfig,
  DatabaseConfigSchema,
  NatsConfigSchema,
  ServerConfigSchema,
  ServiceConfigSchema,
  StringEnum,
} from './config-schemas.js';
export { createServiceApp } from './create-service-app.js';
export { defineError, isGuildwireError } from './define-error.js';
export { DEV_JWT_SECRET, signDevToken } from './dev-token.js';
export { errorCodes } from './error-codes.js';
export { ErrorResponseSchema, toGuildwireError } from './error-reply.js';
export { authenticate, requireAuthentication, requireGuildRole } from './guards.js';
export { createJwksKeyResolver } from './jwks.js';
export { createServiceLogger, redactedPaths } from './logger.js';
export { correlationIdHeader, requestIdHeader } from './request-ids.js';
export { runService } from './run-service.js';
export { createTokenVerifier } from './token-verifier.js';

// Types

export type { AuthOptions, TokenAlgorithm } from './auth-options.js';
export type { GuildRole, GuildwireClaims } from './claims.js';
export type { Environment } from './config.js';
export type { ServiceConfig } from './config-schemas.js';
export type { ServiceApp, ServiceAppOptions } from './create-service-app.js';
export type {
  ErrorDetails,
  FieldError,
  FormatArgs,
  GuildwireError,
  GuildwireErrorConstructor,
  GuildwireErrorOptions,
} from './define-error.js';
export type { DevTokenGrant } from './dev-token.js';
export type { GuildwireErrorCode } from './error-codes.js';
export type { ErrorResponse } from './error-reply.js';
export type { AuthGuard } from './guards.js';
export type { CheckStatus, ReadinessCheck } from './health.js';
export type { JwksOptions } from './jwks.js';
export type { ServiceLoggerOptions } from './logger.js';
export type { ServiceMetrics } from './metrics.js';
export type { OpenApiOptions } from './openapi.js';
export type { RunningService, RunServiceOptions } from './run-service.js';
export type { TokenVerifier } from './token-verifier.js';
