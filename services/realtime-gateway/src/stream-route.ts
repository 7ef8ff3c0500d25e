import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { defineError, errorCodes } from '@guildwire/errors';
import { protocolName, streamPath, tokenProtocolPrefix } from '@guildwire/realtime-client/protocol';
import type { FastifyInstance } from 'fastify';
import type { WebSocketServer } from 'ws';
import type { Gateway } from './gateway.js';
import { refuseUpgrade } from './upgrade-refusal.js';

/** Options of the stream route. */
export interface StreamRouteOptions {
  readonly gateway: Gateway;
  /** A `noServer` ws server with the gateway's limits (`maxPayload`, `handleProtocols`). */
  readonly wss: WebSocketServer;
}

/**
 * `GET /v1/stream`: upgrades are taken from the HTTP server's `upgrade` event, before Fastify's
 * request lifecycle — a Fastify request, reply, response and child logger per connection would
 * live as long as the connection (several KB each, most of an idle connection's cost). Each upgraded
 * connection goes to the gateway with the token offered as a `guildwire.token.<jwt>` subprotocol,
 * if any (the selected subprotocol is always `guildwire.v1`, so the token is never echoed back).
 * A plain GET gets 426; an upgrade to another path gets 404, a malformed handshake 400 (405 for a
 * method other than GET), each with the common JSON error body.
 */
export async function streamRoute(app: FastifyInstance, options: StreamRouteOptions): Promise<void> {
  const { gateway, wss } = options;
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (request.url ?? '').split('?', 1)[0] ?? '';
    if (path !== streamPath) {
      refuseUpgrade(socket, new errorCodes.GW_ERR_NOT_FOUND(`Route ${request.method} ${path.slice(0, 200)}`));
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      gateway.accept(
        ws,
        socket as Socket,
        request.socket.remoteAddress ?? 'unknown',
        tokenFromProtocols(request.headers['sec-websocket-protocol']),
      );
    });
  };
  // With a listener, ws hands its handshake refusals (method, Upgrade, Sec-WebSocket-Key, -Version
  // and -Protocol headers) here instead of answering them in plain text.
  const onClientError = (err: Error, socket: Duplex, request: IncomingMessage): void => {
    if (request.method !== 'GET') {
      refuseUpgrade(socket, new errorCodes.GW_ERR_METHOD_NOT_ALLOWED(), { Allow: 'GET' });
      return;
    }
    // RFC 6455 §4.4: a version the server does not speak is answered with the versions it does.
    const headers: Record<string, string> = /version/i.test(err.message)
      ? { 'Sec-WebSocket-Version': '13' }
      : {};
    refuseUpgrade(socket, new BadHandshake(err.message), headers);
  };
  wss.on('wsClientError', onClientError);
  app.server.on('upgrade', onUpgrade);
  app.addHook('onClose', async () => {
    app.server.off('upgrade', onUpgrade);
    wss.off('wsClientError', onClientError);
  });
  app.get(streamPath, async (_request, reply) => {
    reply.header('upgrade', 'websocket');
    throw new UpgradeRequired(streamPath, protocolName);
  });
}

const BadHandshake = defineError('RT_ERR_BAD_HANDSHAKE', 400, 'WebSocket handshake refused: %s');

const UpgradeRequired = defineError(
  'RT_ERR_UPGRADE_REQUIRED',
  426,
  '%s speaks WebSocket: connect with subprotocol %s',
);

/** Picks the token out of a Sec-WebSocket-Protocol header. */
export function tokenFromProtocols(header: string | string[] | undefined): string | undefined {
  const values = Array.isArray(header) ? header.join(',') : (header ?? '');
  for (const value of values.split(',')) {
    const protocol = value.trim();
    if (protocol.startsWith(tokenProtocolPrefix) && protocol.length > tokenProtocolPrefix.length) {
      return protocol.slice(tokenProtocolPrefix.length);
    }
  }
  return undefined;
}

/** ws `handleProtocols`: select `guildwire.v1` when offered, never the token protocol. */
export function selectProtocol(protocols: Set<string>): string | false {
  return protocols.has(protocolName) ? protocolName : false;
}
