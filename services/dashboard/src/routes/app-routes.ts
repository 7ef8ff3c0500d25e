import type { JsonWebKey } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { ServiceApp } from '@guildwire/service-kit';
import type { FastifySchema } from 'fastify';
import { notBuiltPage } from './pages.js';
import { JwksSchema } from './schemas.js';

/** Options of the JWKS and web app routes. */
export interface AppRouteOptions {
  /** The public keys to publish (current first). */
  readonly jwks: () => readonly JsonWebKey[];
  /** The built web app's folder; empty or without index.html: the "not built" page. */
  readonly staticDir: string;
}

// Pages of the app stay out of the API reference (@fastify/swagger reads `hide`).
const hidden = { hide: true } as FastifySchema;

// Paths of the service itself, never answered with the app's index.html.
const servicePaths = /^\/(auth|v1|\.well-known|healthz|readyz|metrics|docs|openapi\.json)(\/|$)/;

/** GET /.well-known/jwks.json, and the single-page app (its files, index.html for its own routes). */
export async function appRoutes(app: ServiceApp, options: AppRouteOptions): Promise<void> {
  app.get(
    '/.well-known/jwks.json',
    {
      schema: { summary: 'The public keys Guildwire tokens are signed with', response: { 200: JwksSchema } },
    },
    async (_request, reply) => {
      // Services cache these and refetch on an unknown kid; five minutes keeps proxies in step.
      reply.header('cache-control', 'public, max-age=300');
      return {
        keys: options.jwks().map((key) => ({
          ...key,
          kid: String(key.kid),
          kty: String(key.kty),
          alg: String(key.alg),
          use: String(key.use),
        })),
      };
    },
  );

  const root = options.staticDir === '' ? undefined : resolve(options.staticDir);
  if (root === undefined || !existsSync(resolve(root, 'index.html'))) {
    app.get('/', { schema: hidden }, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(notBuiltPage()),
    );
    return;
  }
  // One route per file found at start (wildcard: false), so a missing asset is a 404, not the app.
  await app.register(fastifyStatic, { root, wildcard: false, index: 'index.html' });
  app.get('/*', { schema: hidden }, async (request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    if (servicePaths.test(path) || /\.[a-z0-9]+$/i.test(path)) return reply.callNotFound();
    return reply.header('cache-control', 'no-cache').sendFile('index.html');
  });
}
