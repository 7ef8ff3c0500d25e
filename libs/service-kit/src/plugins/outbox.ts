import { createOutbox, type Outbox, type RelayOptions } from '@guildwire/bus';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { Counter, Gauge, Histogram } from 'prom-client';

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's write path: state change and events in one transaction, published by the relay. */
    // biome-ignore lint/suspicious/noExplicitAny: each service narrows it to its own Database type
    outbox: Outbox<any>;
  }
}

/** Options of the outbox plugin. */
export interface OutboxPluginOptions {
  /** Relay tuning (batch size, sweep interval, publish timeout). */
  readonly relay?: Omit<RelayOptions, 'onPublished' | 'onPublishFailed'>;
}

/** Seconds since `at` (never negative: the database clock may run slightly ahead). */
const ageSeconds = (at: Date): number => Math.max(0, Date.now() - at.getTime()) / 1000;

async function outboxPlugin(app: FastifyInstance, options: OutboxPluginOptions): Promise<void> {
  const registers = [app.metrics.registry];
  const published = new Counter({
    name: 'outbox_published_events_total',
    help: 'Events the outbox relay published to JetStream (acked)',
    registers,
  });
  const publishErrors = new Counter({
    name: 'outbox_publish_errors_total',
    help: 'Relay passes that left events unpublished (the rows stay and are retried)',
    registers,
  });
  const relayLag = new Histogram({
    name: 'outbox_relay_lag_seconds',
    help: 'Age of the oldest event of each published batch: commit to JetStream ack',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const outbox = createOutbox(app.db, app.bus, app.log as unknown as Logger, {
    ...options.relay,
    onPublished: ({ count, oldestCreatedAt }) => {
      published.inc(count);
      relayLag.observe(ageSeconds(oldestCreatedAt));
    },
    onPublishFailed: () => publishErrors.inc(),
  });
  new Gauge({
    name: 'outbox_backlog_events',
    help: 'Committed events not yet published, over all replicas (read at scrape time)',
    registers,
    async collect() {
      this.set((await outbox.relay.backlog()).count);
    },
  });
  new Gauge({
    name: 'outbox_oldest_event_age_seconds',
    help: 'Age of the oldest committed event not yet published; 0 when none waits',
    registers,
    async collect() {
      const { oldestCreatedAt } = await outbox.relay.backlog();
      this.set(oldestCreatedAt === null ? 0 : ageSeconds(oldestCreatedAt));
    },
  });
  app.decorate('outbox', outbox);
  outbox.relay.start();
  // Plugins registered later (commands, sweepers) have stopped writing when this runs: publish
  // what they committed, then stop. A failed drain leaves the rows for the next start.
  app.addHook('onClose', async () => {
    await outbox.relay.drain().catch(() => undefined);
    await outbox.relay.stop();
  });
}

/**
 * Decorates `app.outbox` over `app.db` and `app.bus` and runs its relay (one per replica; replicas
 * coordinate through Postgres); exports backlog, relay lag and publish errors as metrics.
 */
export const outbox = fp(outboxPlugin, {
  name: 'guildwire-outbox',
  fastify: '5.x',
  dependencies: ['guildwire-postgres', 'guildwire-nats', 'guildwire-metrics'],
});
