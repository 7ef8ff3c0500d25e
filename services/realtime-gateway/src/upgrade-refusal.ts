import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GuildwireError } from '@guildwire/errors';
import type { ErrorResponse } from '@guildwire/service-kit';

/**
 * Answers an upgrade request that will not become a WebSocket with the common error body
 * (`{ error: { code, message } }`, as every Guildwire HTTP API), then closes the socket. The request
 * never reached Fastify (upgrades are taken from the server's `upgrade` event), so its error handler
 * cannot answer it; ws's own refusals would be plain text.
 */
export function refuseUpgrade(
  socket: Duplex,
  err: GuildwireError,
  headers: Readonly<Record<string, string>> = {},
): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code: err.code, message: err.message } } satisfies ErrorResponse);
  const head = {
    Connection: 'close',
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...headers,
  };
  const status = `HTTP/1.1 ${err.statusCode} ${STATUS_CODES[err.statusCode] ?? 'Error'}`;
  const lines = Object.entries(head).map(([name, value]) => `${name}: ${value}`);
  socket.once('finish', () => socket.destroy());
  socket.end(`${status}\r\n${lines.join('\r\n')}\r\n\r\n${body}`);
}
