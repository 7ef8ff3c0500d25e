import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FakeDiscordContext } from '../context.js';

/** Which limit a forced 429 claims to be (the X-RateLimit-Scope header). */
export type RateLimitScope = 'user' | 'global' | 'shared';

/** A 429 to serve on purpose, for tests of the bot's retry path. */
export interface ForcedRateLimit {
  /** How many matching requests get a 429 (default 1). */
  count?: number;
  /** The retry_after announced (default 100 ms). */
  retryAfterMs?: number;
  scope?: RateLimitScope;
  /** Only requests with this method (upper case). */
  method?: string;
  /** Only requests whose API path (e.g. /channels/1/messages) matches. */
  path?: string | RegExp;
}

/** Discord-style per-route rate limiting with headers, plus 429s that tests can switch on. */
export interface RateLimiter {
  failNext(limit: ForcedRateLimit): void;
  /** Sets the X-RateLimit-* headers; answers 429 and returns true when the request is limited. */
  apply(request: FastifyRequest, reply: FastifyReply, path: string): boolean;
}

interface Window {
  count: number;
  resetAt: number;
}

function majorParameter(params: unknown): string {
  const p = (params ?? {}) as Record<string, string | undefined>;
  return (
    p.channelId ?? p.guildId ?? (p.token ? `${p.appId}/${p.token}` : undefined) ?? p.interactionId ?? 'global'
  );
}

/** True when a forced answer (429 or 5xx) applies to a request: same method if set, path equal or matching. */
export function matchesRequest(
  limit: { method?: string | undefined; path?: string | RegExp | undefined },
  method: string,
  path: string,
): boolean {
  if (limit.method && limit.method.toUpperCase() !== method) return false;
  if (limit.path === undefined) return true;
  return typeof limit.path === 'string' ? path === limit.path : limit.path.test(path);
}

/**
 * Creates the rate limiter. Buckets follow Discord's model: one bucket per route template and
 * method (its hash is X-RateLimit-Bucket), counted separately per major parameter.
 */
export function createRateLimiter(ctx: FakeDiscordContext): RateLimiter {
  const windows = new Map<string, Window>();
  const queue: (ForcedRateLimit & { remaining: number })[] = [];

  function limited(reply: FastifyReply, retryAfterMs: number, scope: RateLimitScope): true {
    const seconds = retryAfterMs / 1000;
    reply.header('Retry-After', String(seconds)).header('X-RateLimit-Scope', scope);
    if (scope === 'global') reply.header('X-RateLimit-Global', 'true');
    void reply
      .code(429)
      .send({ message: 'You are being rate limited.', retry_after: seconds, global: scope === 'global' });
    return true;
  }

  return {
    failNext(limit) {
      queue.push({ ...limit, remaining: limit.count ?? 1 });
    },
    apply(request, reply, path) {
      const template = request.routeOptions.url ?? path;
      const bucket = createHash('sha1').update(`${request.method} ${template}`).digest('hex').slice(0, 16);
      const key = `${bucket}:${majorParameter(request.params)}`;
      const now = Date.now();
      let window = windows.get(key);
      if (!window || now >= window.resetAt) {
        window = { count: 0, resetAt: now + ctx.options.rateLimitWindowMs };
        windows.set(key, window);
      }
      window.count += 1;
      const limit = ctx.options.rateLimitPerWindow;
      reply
        .header('X-RateLimit-Limit', String(limit))
        .header('X-RateLimit-Remaining', String(Math.max(0, limit - window.count)))
        .header('X-RateLimit-Reset', (window.resetAt / 1000).toFixed(3))
        .header('X-RateLimit-Reset-After', ((window.resetAt - now) / 1000).toFixed(3))
        .header('X-RateLimit-Bucket', bucket);
      const next = queue.find((l) => matchesRequest(l, request.method, path));
      if (next) {
        next.remaining -= 1;
        if (next.remaining <= 0) queue.splice(queue.indexOf(next), 1);
        return limited(reply, next.retryAfterMs ?? 100, next.scope ?? 'user');
      }
      if (window.count > limit) return limited(reply, window.resetAt - now, 'user');
      return false;
    },
  };
}
