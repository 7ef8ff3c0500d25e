import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

declare module 'fastify' {
  interface FastifyRequest {
    /** Id shared by every request and message of one user action (`x-correlation-id`, else the request id). */
    correlationId: string;
  }
}

/** Header carrying the request id, echoed on every response. */
export const requestIdHeader = 'x-request-id';
/** Header carrying the correlation id, echoed on every response and passed on to downstream calls. */
export const correlationIdHeader = 'x-correlation-id';

// Ids end up in logs and response headers: accept only short, plain tokens from clients.
const acceptableId = /^[A-Za-z0-9._:-]{1,128}$/;

function acceptedHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' && acceptableId.test(value) ? value : undefined;
}

/** Fastify `genReqId`: the client's `x-request-id` when it is a plain token, else a fresh UUID. */
export function generateRequestId(request: IncomingMessage): string {
  return acceptedHeader(request.headers, requestIdHeader) ?? randomUUID();
}

/** The correlation id of a request: the client's `x-correlation-id`, else the request id. */
export function correlationIdOf(headers: IncomingHttpHeaders, requestId: string): string {
  return acceptedHeader(headers, correlationIdHeader) ?? requestId;
}

async function requestIdsPlugin(app: FastifyInstance): Promise<void> {
  app.decorateRequest('correlationId', '');
  app.addHook('onRequest', async (request, reply) => {
    request.correlationId = correlationIdOf(request.headers, request.id);
    reply.header(requestIdHeader, request.id);
    reply.header(correlationIdHeader, request.correlationId);
  });
}

/** Sets `request.correlationId` and echoes request and correlation ids in response headers. */
export const requestIds = fp(requestIdsPlugin, { name: 'guildwire-request-ids', fastify: '5.x' });
