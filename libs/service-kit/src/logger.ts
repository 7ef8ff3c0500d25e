import type { FastifyReply, FastifyRequest } from 'fastify';
import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino';

/** Pino options for a service logger, plus an optional destination (tests capture output with it). */
export type ServiceLoggerOptions = LoggerOptions & { readonly stream?: DestinationStream };

const secretHeaders = ['authorization', 'cookie', 'sec-websocket-protocol', 'x-api-key'];
const secretFields = [
  'token',
  'accessToken',
  'refreshToken',
  'password',
  'secret',
  'JWT_SECRET',
  'code_verifier',
  'DATABASE_URL',
];

/** Log paths whose values are replaced by "[Redacted]": credentials in headers and secret-named fields. */
export const redactedPaths: readonly string[] = [
  ...secretHeaders.flatMap((h) => [`req.headers["${h}"]`, `headers["${h}"]`, `*.headers["${h}"]`]),
  'res.headers["set-cookie"]',
  ...secretFields.flatMap((f) => [f, `*.${f}`, `*.*.${f}`]),
];

// Tokens sometimes travel in the query string (WebSocket upgrades); keep them out of logged URLs.
// An OAuth2 authorization code (the dashboard's /auth/callback) is a credential until redeemed.
const secretQuery = /([?&](?:token|access_token|jwt|code)=)[^&#]*/gi;

/** Replaces credential query parameters in a URL with "[Redacted]". */
export function redactUrl(url: string): string {
  return url.replace(secretQuery, '$1[Redacted]');
}

const serializers = {
  req(request: FastifyRequest) {
    // Only Fastify requests are summarised; other `req` objects go through redaction as they are.
    if (typeof request.method !== 'string' || typeof request.url !== 'string') return request;
    return {
      method: request.method,
      url: redactUrl(request.url),
      host: request.host,
      remoteAddress: request.ip,
      remotePort: request.socket?.remotePort,
    };
  },
  res(reply: FastifyReply) {
    return { statusCode: reply.statusCode };
  },
  err: pino.stdSerializers.err,
};

/** Builds the service's pino logger with redaction, from options or as a child of a given instance. */
export function createServiceLogger(
  service: { readonly name: string; readonly version?: string },
  options: ServiceLoggerOptions | Logger = {},
): Logger {
  const redact = { paths: [...redactedPaths], censor: '[Redacted]' };
  const bindings = {
    service: service.name,
    ...(service.version === undefined ? {} : { version: service.version }),
  };
  if (isLogger(options)) return options.child(bindings, { redact, serializers });
  const { stream, ...pinoOptions } = options;
  const merged: LoggerOptions = {
    ...pinoOptions,
    base: { ...pinoOptions.base, ...bindings },
    redact,
    serializers: { ...serializers, ...pinoOptions.serializers },
  };
  return stream === undefined ? pino(merged) : pino(merged, stream);
}

function isLogger(value: ServiceLoggerOptions | Logger): value is Logger {
  return typeof (value as Logger).child === 'function' && typeof (value as Logger).info === 'function';
}
