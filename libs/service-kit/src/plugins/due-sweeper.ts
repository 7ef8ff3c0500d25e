import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { Counter, Histogram, type Registry } from 'prom-client';
import { createDueSweeper, type DueSweeper, type DueSweeperOptions } from '../due-sweeper.js';

/** Options of the due sweeper plugin (its logger is the app's). */
export type DueSweeperPluginOptions = Omit<DueSweeperOptions, 'logger' | 'onFired' | 'onFailed'> & {
  /** Receives the started sweeper (e.g. to `wake` it when this replica arms an earlier row). */
  readonly onStarted?: (sweeper: DueSweeper) => void;
};

// Shared by every sweeper of an app (label `sweeper`): prom-client refuses a name twice.
function sweeperMetrics(registry: Registry) {
  const existing = registry.getSingleMetric('due_sweeper_fired_total');
  if (existing) {
    return {
      fired: existing as Counter<'sweeper'>,
      lateness: registry.getSingleMetric('due_sweeper_lateness_seconds') as Histogram<'sweeper'>,
      failures: registry.getSingleMetric('due_sweeper_failures_total') as Counter<'sweeper'>,
    };
  }
  const registers = [registry];
  return {
    fired: new Counter({
      name: 'due_sweeper_fired_total',
      help: 'Due rows fired (timers, scheduled ends), by sweeper',
      labelNames: ['sweeper'] as const,
      registers,
    }),
    lateness: new Histogram({
      name: 'due_sweeper_lateness_seconds',
      help: 'How late a due row fired after its due time, by sweeper',
      labelNames: ['sweeper'] as const,
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60],
      registers,
    }),
    failures: new Counter({
      name: 'due_sweeper_failures_total',
      help: 'Sweeps that failed and will be retried, by sweeper',
      labelNames: ['sweeper'] as const,
      registers,
    }),
  };
}

async function dueSweeperPlugin(app: FastifyInstance, options: DueSweeperPluginOptions): Promise<void> {
  const metrics = sweeperMetrics(app.metrics.registry);
  const labels = { sweeper: options.name };
  const sweeper = createDueSweeper({
    ...options,
    logger: app.log as unknown as Logger,
    onFired: (latenessMs) => {
      metrics.fired.inc(labels, latenessMs.length);
      for (const ms of latenessMs) metrics.lateness.observe(labels, ms / 1000);
    },
    onFailed: () => metrics.failures.inc(labels),
  });
  sweeper.start();
  options.onStarted?.(sweeper);
  app.addHook('onClose', async () => {
    await sweeper.stop();
  });
}

/** Runs a due sweeper in this replica while the app is open; fired, lateness and failure metrics. */
export const dueSweeper = fp(dueSweeperPlugin, {
  name: 'guildwire-due-sweeper',
  fastify: '5.x',
  dependencies: ['guildwire-metrics'],
});
