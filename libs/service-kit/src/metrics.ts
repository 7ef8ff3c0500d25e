import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** The app's Prometheus registry (one per app, never prom-client's global) and the kit's metrics. */
export interface ServiceMetrics {
  readonly registry: Registry;
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Prometheus metrics of this app; services register their own metrics on `metrics.registry`. */
    metrics: ServiceMetrics;
  }
}

/** Options of the metrics plugin. */
export interface MetricsOptions {
  readonly service: string;
  /** Process metrics (CPU, memory, event loop); default true. */
  readonly defaultMetrics?: boolean;
}

async function metricsPlugin(app: FastifyInstance, options: MetricsOptions): Promise<void> {
  const registry = new Registry();
  registry.setDefaultLabels({ service: options.service });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  const httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of HTTP requests in seconds, by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.decorate('metrics', { registry, httpRequestDuration });

  app.addHook('onResponse', async (request, reply) => {
    // The route template (not the raw URL) keeps label cardinality bounded; unknown routes share one.
    const route = request.routeOptions.url ?? 'unmatched';
    httpRequestDuration.observe(
      { method: request.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) => {
    reply.type(registry.contentType);
    return registry.metrics();
  });

  app.addHook('onClose', async () => {
    registry.clear();
  });
}

/** `/metrics` in Prometheus format and an HTTP request duration histogram, on a per-app registry. */
export const metrics = fp(metricsPlugin, { name: 'guildwire-metrics', fastify: '5.x' });
