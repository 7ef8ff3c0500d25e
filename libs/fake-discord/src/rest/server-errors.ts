import type { FastifyReply, FastifyRequest } from 'fastify';
import { ControlUsageError } from '../control/errors.js';
import { matchesRequest } from './rate-limit.js';

/** The 5xx statuses Discord (or the Cloudflare edge in front of it) answers when it is unwell. */
export type ServerErrorStatus = 500 | 502 | 503 | 504;

/** A 5xx to serve on purpose, for tests of the bot's retry path. */
export interface ForcedServerError {
  /** How many matching requests fail (default 1). */
  count?: number;
  /** The status answered (default 500). */
  status?: ServerErrorStatus;
  /** Only requests with this method (upper case). */
  method?: string;
  /** Only requests whose API path (e.g. /channels/1/messages) matches. */
  path?: string | RegExp;
}

/** Serves forced 5xx answers before a route runs: the request has no effect, as when Discord fails it. */
export interface ServerErrorInjector {
  failNext(error: ForcedServerError): void;
  /** Answers the 5xx and returns true when the request matches a pending forced error. */
  apply(request: FastifyRequest, reply: FastifyReply, path: string): boolean;
}

const messages: Record<ServerErrorStatus, string> = {
  500: '500: Internal Server Error',
  502: '502: Bad Gateway',
  503: '503: Service Unavailable',
  504: '504: Gateway Timeout',
};

/** Creates the injector; forced errors are served in the order they were queued. */
export function createServerErrorInjector(): ServerErrorInjector {
  const queue: (ForcedServerError & { remaining: number })[] = [];
  return {
    failNext(error) {
      const status = error.status ?? 500;
      if (!(status in messages))
        throw new ControlUsageError(`a forced server error is 500, 502, 503 or 504, not ${status}`);
      queue.push({ ...error, status, remaining: error.count ?? 1 });
    },
    apply(request, reply, path) {
      const next = queue.find((e) => matchesRequest(e, request.method, path));
      if (!next) return false;
      next.remaining -= 1;
      if (next.remaining <= 0) queue.splice(queue.indexOf(next), 1);
      const status = next.status ?? 500;
      void reply.code(status).send({ message: messages[status], code: 0 });
      return true;
    },
  };
}
