import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import { errorCodes } from '@guildwire/errors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { correlationIdHeader, requestIdHeader } from './request-ids.js';

/** Cross-origin and request-rate rules of a service's HTTP API. */
export interface HttpGuardOptions {
  /** Origins (scheme://host[:port]) of the dashboards allowed to call the API; empty: same origin only. */
  readonly corsOrigins?: readonly string[];
  /** Requests per minute per client address; 0 or undefined turns the limit off. */
  readonly rateLimitPerMinute?: number;
}

// Probes and scrapes come every few seconds from the platform, never from a user.
const unlimited = new Set(['/healthz', '/readyz', '/metrics']);

async function httpGuardsPlugin(app: FastifyInstance, options: HttpGuardOptions): Promise<void> {
  const origins = options.corsOrigins ?? [];
  if (origins.length > 0) {
    await app.register(cors, {
      origin: [...origins],
      methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      allowedHeaders: [
        'authorization',
        'content-type',
        'if-match',
        'idempotency-key',
        correlationIdHeader,
        requestIdHeader,
      ],
      exposedHeaders: ['etag', 'idempotent-replayed', 'retry-after', correlationIdHeader, requestIdHeader],
      maxAge: 600,
    });
  }
  const max = options.rateLimitPerMinute ?? 0;
  if (max > 0) {
    await app.register(rateLimit, {
      max,
      timeWindow: 60_000,
      allowList: (request) => unlimited.has(request.url.split('?', 1)[0] ?? ''),
      // Thrown by the plugin and answered by the error handler, in the one error shape.
      errorResponseBuilder: (_request, context) =>
        new errorCodes.GW_ERR_RATE_LIMITED(
          `at most ${context.max} requests per minute; retry in ${context.after}`,
        ),
    });
  }
}

/** CORS for the dashboards' origins (preflight answered) and a per-address request rate limit (429). */
export const httpGuards = fp(httpGuardsPlugin, { name: 'guildwire-http-guards', fastify: '5.x' });
