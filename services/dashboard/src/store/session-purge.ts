import type { FastifyInstance } from 'fastify';
import type { SessionStore } from './session-store.js';

/** Options of the purge: the store, the clock, how often (default hourly). */
export interface SessionPurgeOptions {
  readonly store: SessionStore;
  readonly clock: () => Date;
  readonly everyMs?: number;
}

/**
 * Deletes sessions that ended over a day ago (expired or revoked), with their refresh tokens, once an
 * hour on every replica: the delete is idempotent and touches only rows nobody can use any more.
 */
export async function sessionPurge(app: FastifyInstance, options: SessionPurgeOptions): Promise<void> {
  const run = () => {
    options.store.purgeEnded(options.clock()).then(
      (deleted) => deleted > 0 && app.log.info({ deleted }, 'ended sessions purged'),
      (err: unknown) => app.log.warn({ err }, 'session purge failed; retried next hour'),
    );
  };
  const timer = setInterval(run, options.everyMs ?? 3_600_000);
  timer.unref();
  app.addHook('onReady', async () => run());
  app.addHook('onClose', async () => clearInterval(timer));
}
