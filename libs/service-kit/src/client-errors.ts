import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { errorCodes, type GuildwireError } from '@guildwire/errors';
import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import { errorBody } from './error-reply.js';

type FrameworkErrors = NonNullable<FastifyServerOptions['frameworkErrors']>;

/** A request so broken it never became a Fastify request: a malformed request line, oversized headers… */
function classifyClientError(err: Error & { code?: string }): GuildwireError {
  switch (err.code) {
    case 'HPE_HEADER_OVERFLOW':
      return new errorCodes.GW_ERR_HEADERS_TOO_LARGE();
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return new errorCodes.GW_ERR_REQUEST_TIMEOUT();
    default:
      return new errorCodes.GW_ERR_BAD_REQUEST('the request is not valid HTTP');
  }
}

/**
 * Fastify's `clientErrorHandler`: answers what Node's HTTP parser refused in Guildwire's error
 * shape (Fastify's default writes its own `{ error, message, statusCode }`), then closes.
 */
export function answerClientError(err: Error & { code?: string }, socket: Socket): void {
  // A reset or a timed-out idle connection has no one to answer.
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy(err);
    return;
  }
  const error = classifyClientError(err);
  const body = JSON.stringify(errorBody(error));
  socket.end(
    `HTTP/1.1 ${error.statusCode} ${STATUS_CODES[error.statusCode] ?? 'Error'}\r\n` +
      'Content-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/**
 * Fastify's `frameworkErrors`: a URL that does not decode (`/v1/guilds/%ZZ`), a path parameter
 * over `maxParamLength` (414) or a failed route constraint, answered in Guildwire's error shape.
 */
export const answerFrameworkError: FrameworkErrors = (err, request: FastifyRequest, reply: FastifyReply) => {
  const error =
    err.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new errorCodes.GW_ERR_URI_TOO_LONG('a path parameter exceeds its maximum length')
      : err.code === 'FST_ERR_BAD_URL'
        ? new errorCodes.GW_ERR_BAD_REQUEST('the URL is not correctly percent-encoded')
        : new errorCodes.GW_ERR_BAD_REQUEST(err.message);
  request.log.info({ code: error.code, statusCode: error.statusCode, reason: err.code }, 'request rejected');
  void reply.code(error.statusCode).send(errorBody(error));
};
