import type { Bus } from '@guildwire/bus';
import { buildService, natsBus, type ServiceApp, type ServiceLoggerOptions } from '@guildwire/service-kit';
import type { Logger } from 'pino';
import type { GatewayConfig } from './config.js';
import { realtimeGateway } from './gateway-plugin.js';

/** Already-built dependencies `buildApp` uses instead of creating its own (tests, benchmarks). */
export interface AppDeps {
  /** A connected bus; the app does not close a bus it was given. */
  readonly bus?: Bus;
  readonly logger?: ServiceLoggerOptions | Logger;
  /** Process metrics on /metrics (default true). */
  readonly defaultMetrics?: boolean;
}

/**
 * Builds the realtime gateway on the service skeleton: NATS (the stream is the writers' to ensure;
 * the feed waits for it), then the WebSocket endpoint. Resolves once the feed follows the stream;
 * the history refill continues in the background and subscriptions wait for it, so a restarted
 * gateway listens at once. A failed step closes what the earlier ones opened.
 */
export async function buildApp(config: GatewayConfig, deps: AppDeps = {}): Promise<ServiceApp> {
  const options = {
    name: 'realtime-gateway',
    logger: deps.logger ?? { level: config.logLevel },
    auth: config.auth,
    defaultMetrics: deps.defaultMetrics ?? true,
    ...config.http,
  };
  return buildService(options, async (app) => {
    const nats = {
      NATS_URL: config.natsUrl,
      NATS_NAMESPACE: config.natsNamespace,
      STREAM_REPLICAS: config.streamReplicas,
    };
    await app.register(natsBus, { config: nats, bus: deps.bus, stream: false });
    await app.register(realtimeGateway, { config });
  });
}
