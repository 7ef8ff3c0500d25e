import { createTokenVerifier } from '@guildwire/service-kit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { GatewayConfig } from './config.js';
import { createGateway } from './gateway.js';
import { selectProtocol, streamRoute } from './stream-route.js';

/** Options of the realtime gateway plugin. */
export interface GatewayPluginOptions {
  readonly config: Pick<GatewayConfig, 'auth' | 'limits'>;
}

// How long clients get to answer the 1012 close at shutdown before they are cut off.
const shutdownGraceMs = 2000;

async function gatewayPlugin(app: FastifyInstance, { config }: GatewayPluginOptions): Promise<void> {
  const logger = app.log as unknown as Logger;
  const gateway = createGateway({
    bus: app.bus,
    limits: config.limits,
    verifyToken: createTokenVerifier(config.auth),
    logger,
    registry: app.metrics.registry,
  });
  // Stops the feed even when a later step of the start fails (onClose runs in reverse order,
  // before the bus plugin drains the connection).
  app.addHook('onClose', async () => {
    await gateway.stop();
  });
  await gateway.start();
  // No client tracking: the gateway keeps its sessions itself. permessage-deflate stays off: an
  // event's frame is built once and written to every socket (docs/realtime-protocol.md).
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
}

/**
 * The WebSocket endpoint over `app.bus`: the JetStream feed with its history, sessions, fan-out and
 * resume. On close, sessions get a 1012 and a grace period, then the feed stops.
 */
export const realtimeGateway = fp(gatewayPlugin, {
  name: 'guildwire-realtime-gateway',
  fastify: '5.x',
  dependencies: ['guildwire-nats', 'guildwire-metrics'],
});
