import { errorCodes } from '@guildwire/errors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { errorBody, toGuildwireError } from './error-reply.js';

async function errorHandlerPlugin(app: FastifyInstance): Promise<void> {
  const bodyLimit = app.initialConfig.bodyLimit ?? 1_048_576;

  app.setErrorHandler(async (thrown, request, reply) => {
    const err = toGuildwireError(thrown, { bodyLimit, contentType: request.headers['content-type'] });
    if (err.statusCode >= 500) {
      request.log.error({ err: thrown }, 'request failed');
    } else {
      request.log.info(
        { code: err.code, statusCode: err.statusCode, reason: err.message },
        'request rejected',
      );
    }
    if (err.statusCode === 401) {
      const invalid = err.code === 'GW_ERR_UNAUTHORIZED' ? '' : ', error="invalid_token"';
      reply.header('www-authenticate', `Bearer realm="guildwire"${invalid}`);
    }
    return reply.code(err.statusCode).send(errorBody(err));
  });

  app.setNotFoundHandler(async (request) => {
    const path = (request.url.split('?', 1)[0] ?? '').slice(0, 200);
    throw new errorCodes.GW_ERR_NOT_FOUND(`Route ${request.method} ${path}`);
  });
}

/** Answers every error, unknown routes included, as `{ error: { code, message, details? } }`. */
export const errorReplies = fp(errorHandlerPlugin, { name: 'guildwire-errors', fastify: '5.x' });
