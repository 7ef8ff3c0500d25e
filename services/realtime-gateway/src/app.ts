import { type Bus, connectBus } from '@guildwire/bus';
import {
  createServiceApp,
  createTokenVerifier,
  type ServiceApp,
  type ServiceLoggerOptions,
} from '@guildwire/service-kit';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { GatewayConfig } from './config.js';
import { createGateway } from './gateway.js';
import { selectProtocol, streamRoute } from './stream-route.js';

/** Already-built dependencies `buildApp` uses instead of creating its own (tests, benchmarks). */
export interface AppDeps {
  /** A connected bus; the app does not close a bus it was given. */
  readonly bus?: Bus;
  readonly logger?: ServiceLoggerOptions | Logger;
  /** Process metrics on /metrics (default true). */
  readonly defaultMetrics?: boolean;
}

// How long clients get to answer the 1012 close at shutdown before they are cut off.
const shutdownGraceMs = 2000;

/**
 * Builds the realtime gateway: service-kit app, the JetStream feed with its history refilled, and
 * the WebSocket endpoint. Resolves once the feed follows the stream; the history refill continues
 * in the background and subscriptions wait for it, so a restarted gateway listens at once.
 */
export async function buildApp(config: GatewayConfig, deps: AppDeps = {}): Promise<ServiceApp> {
  let bus: Bus | undefined = deps.bus;
  const app = await createServiceApp({
    name: 'realtime-gateway',
    logger: deps.logger ?? { level: config.logLevel },
    auth: config.auth,
    defaultMetrics: deps.defaultMetrics ?? true,
    readiness: [
      { name: 'nats', check: () => (bus ? bus.checkReady() : Promise.reject(new Error('not connected'))) },
    ],
  });
  try {
    bus ??= await connectBus({
      servers: config.natsUrl,
      name: 'realtime-gateway',
      namespace: config.natsNamespace,
      logger: app.log as unknown as Logger,
    });
    const ownBus = deps.bus === undefined ? bus : undefined;
    const gateway = createGateway({
      bus,
      limits: config.limits,
      verifyToken: createTokenVerifier(config.auth),
      logger: app.log as unknown as Logger,
      registry: app.metrics.registry,
    });
    await gateway.start();
    // No client tracking: the gateway keeps its sessions itself.
    const wss = new WebSocketServer({
      noServer: true,
      clientTracking: false,
      maxPayload: config.limits.maxFrameBytes,
      perMessageDeflate: false,
      handleProtocols: selectProtocol,
    });
    app.addHook('preClose', async () => {
      await gateway.closeSessions(shutdownGraceMs);
      wss.close();
    });
    await app.register(streamRoute, { gateway, wss });
    app.addHook('onClose', async () => {
      await gateway.stop();
      await ownBus?.close();
    });
    return app;
  } catch (err) {
    if (deps.bus === undefined) await bus?.close();
    await app.close();
    throw err;
  }
}
