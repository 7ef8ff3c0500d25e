import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  LogController,
  type RawServerDefault,
} from 'fastify';
import type { Logger } from 'pino';
import type { AuthOptions } from './auth-options.js';
import { authentication } from './auth-plugin.js';
import { answerClientError, answerFrameworkError } from './client-errors.js';
import { errorReplies } from './error-handler.js';
import { healthRoutes, type ReadinessCheck } from './health.js';
import { type HttpGuardOptions, httpGuards } from './http-guards.js';
import { createServiceLogger, type ServiceLoggerOptions } from './logger.js';
import { metrics } from './metrics.js';
import { type OpenApiOptions, openApi } from './openapi.js';
import { correlationIdOf, generateRequestId, requestIds } from './request-ids.js';
import { strictValidators } from './validation.js';

const probePaths = new Set(['/healthz', '/readyz', '/metrics']);

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's name (logs, metrics, the NATS connection name). */
    serviceName: string;
  }
}

/** Options of `createServiceApp`. */
export interface ServiceAppOptions extends HttpGuardOptions {
  /** Service name: logged on every line, `service` label on every metric, OpenAPI title fallback. */
  readonly name: string;
  readonly version?: string;
  /** Pino options (level, stream…) or an existing pino logger to derive from; default level info. */
  readonly logger?: ServiceLoggerOptions | Logger;
  readonly auth: AuthOptions;
  /** Dependencies `/readyz` checks besides those infrastructure plugins add. */
  readonly readiness?: readonly ReadinessCheck[];
  /** Time each readiness check gets (default 2000 ms). */
  readonly readinessTimeoutMs?: number;
  readonly openapi?: OpenApiOptions;
  /** Largest accepted request body in bytes (default 1 MiB); larger ones get 413. */
  readonly bodyLimit?: number;
  /** Collect process metrics (default true; tests creating many apps may turn it off). */
  readonly defaultMetrics?: boolean;
}

/** A Guildwire service's Fastify app, with TypeBox schemas typing each route's request and reply. */
export type ServiceApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/**
 * Builds a service's app: redacted logs with ids, strict validation, JWT guards, one error shape
 * (framework and HTTP-parser errors included), CORS and rate limits, health, metrics, OpenAPI.
 */
export async function createServiceApp(options: ServiceAppOptions): Promise<ServiceApp> {
  const version = options.version ?? '0.0.0';
  const logger = createServiceLogger({ name: options.name, version }, options.logger);
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimit ?? 1_048_576,
    genReqId: generateRequestId,
    childLoggerFactory: (parent, bindings, childOptions, rawRequest) =>
      parent.child(
        { ...bindings, correlationId: correlationIdOf(rawRequest.headers, String(bindings.reqId)) },
        childOptions,
      ),
    // Probes poll every few seconds; their request lines would drown the service's own logs.
    logController: new LogController({ disableRequestLogging: (request) => probePaths.has(request.url) }),
    schemaController: { compilersFactory: { buildValidator: strictValidators } },
    frameworkErrors: answerFrameworkError,
    clientErrorHandler: answerClientError,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('serviceName', options.name);
  await app.register(requestIds);
  await app.register(errorReplies);
  await app.register(metrics, { service: options.name, defaultMetrics: options.defaultMetrics ?? true });
  await app.register(httpGuards, {
    ...(options.corsOrigins === undefined ? {} : { corsOrigins: options.corsOrigins }),
    ...(options.rateLimitPerMinute === undefined ? {} : { rateLimitPerMinute: options.rateLimitPerMinute }),
  });
  await app.register(openApi, {
    title: options.openapi?.title ?? options.name,
    ...(options.openapi?.description === undefined ? {} : { description: options.openapi.description }),
    version,
  });
  await app.register(authentication, options.auth);
  await app.register(healthRoutes, {
    checks: options.readiness ?? [],
    ...(options.readinessTimeoutMs === undefined ? {} : { timeoutMs: options.readinessTimeoutMs }),
  });
  return app;
}

/**
 * Creates the service app and lets `assemble` register the service's plugins in order. When a step
 * fails the app is closed before the error propagates: every plugin registered so far releases what
 * it opened (pools, connections, timers), in reverse order, so nothing leaks.
 */
export async function buildService(
  options: ServiceAppOptions,
  assemble: (app: ServiceApp) => Promise<void>,
): Promise<ServiceApp> {
  const app = await createServiceApp(options);
  try {
    await assemble(app);
  } catch (err) {
    await app.close().catch((closeErr: unknown) => app.log.error({ err: closeErr }, 'cleanup failed'));
    throw err;
  }
  return app;
}
