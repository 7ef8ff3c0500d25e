import { protocolName, streamPath, tokenProtocolPrefix } from '@guildwire/realtime-client/protocol';
import type { FastifyInstance } from 'fastify';
import type { Gateway } from './gateway.js';

/** Options of the stream route. */
export interface StreamRouteOptions {
  readonly gateway: Gateway;
}

/**
 * `GET /v1/stream`: hands each upgraded connection to the gateway with the token offered as a
 * `guildwire.token.<jwt>` subprotocol, if any (the selected subprotocol is always `guildwire.v1`,
 * so the token is never echoed back).
 */
export async function streamRoute(app: FastifyInstance, options: StreamRouteOptions): Promise<void> {
  app.get(streamPath, { websocket: true }, (socket, request) => {
    options.gateway.accept(
      socket,
      request.raw.socket,
      request.ip,
      tokenFromProtocols(request.headers['sec-websocket-protocol']),
    );
  });
}

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
