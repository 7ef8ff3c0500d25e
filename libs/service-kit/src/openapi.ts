import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { bearerSecurityScheme } from './auth-plugin.js';

/** Title and description of the service's OpenAPI document. */
export interface OpenApiOptions {
  readonly title: string;
  readonly description?: string;
}

/** Where the API reference page is served. */
export const apiReferencePath = '/docs';

async function openApiPlugin(
  app: FastifyInstance,
  options: OpenApiOptions & { readonly version: string },
): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: options.title,
        version: options.version,
        ...(options.description === undefined ? {} : { description: options.description }),
      },
      components: {
        securitySchemes: { [bearerSecurityScheme]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      },
    },
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // A page to read and try the API, over the same document.
  await app.register(swaggerUi, { routePrefix: apiReferencePath });
}

/**
 * OpenAPI 3 document of every visible route at `/openapi.json`, with bearer auth declared, and an
 * API reference page over it at `/docs`.
 */
export const openApi = fp(openApiPlugin, { name: 'guildwire-openapi', fastify: '5.x' });
