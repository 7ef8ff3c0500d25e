import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { idempotencyStore } from '../idempotency/idempotency-store.js';

/** Options of the idempotency keys plugin. */
export interface IdempotencyKeysOptions {
  /** How long a key is remembered. Default 24 h. */
  readonly ttlMs?: number;
  /** How often old keys are purged. Default 10 minutes. */
  readonly purgeEveryMs?: number;
}

async function idempotencyKeysPlugin(app: FastifyInstance, options: IdempotencyKeysOptions): Promise<void> {
  const ttlMs = options.ttlMs ?? 24 * 3600_000;
  const keys = idempotencyStore(app.db);
  let purging: Promise<unknown> = Promise.resolve();
  const timer = setInterval(
    () => {
      purging = keys
        .purge(new Date(Date.now() - ttlMs))
        .catch((err: unknown) => app.log.warn({ err }, 'purging idempotency keys failed'));
    },
    options.purgeEveryMs ?? 10 * 60_000,
  );
  timer.unref();
  app.addHook('onClose', async () => {
    clearInterval(timer);
    await purging;
  });
}

/** Forgets the service's idempotency keys (its `idempotency_keys` table) once they are old. */
export const idempotencyKeys = fp(idempotencyKeysPlugin, {
  name: 'guildwire-idempotency-keys',
  fastify: '5.x',
  dependencies: ['guildwire-postgres'],
});
