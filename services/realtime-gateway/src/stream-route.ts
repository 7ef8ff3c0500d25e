import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { defineError } from '@guildwire/errors';
import { protocolName, streamPath, tokenProtocolPrefix } from '@guildwire/realtime-client/protocol';
import type { FastifyInstance } from 'fastify';
import type { WebSocketServer } from 'ws';
import type { Gateway } from './gateway.js';

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
 * A plain GET gets 426; an upgrade to another path gets 404.
 */
export async function streamRoute(app: FastifyInstance, options: StreamRouteOptions): Promise<void> {
  const { gateway, wss } = options;
  const onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = (request.url ?? '').split('?', 1)[0];
    if (path !== streamPath) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
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
  app.server.on('upgrade', onUpgrade);
  app.addHook('onClose', async () => {
    app.server.off('upgrade', onUpgrade);
  });
  app.get(streamPath, async (_request, reply) => {
    reply.header('upgrade', 'websocket');
    throw new UpgradeRequired(streamPath, protocolName);
  });
}

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
