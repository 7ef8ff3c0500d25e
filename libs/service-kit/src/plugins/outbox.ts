import { createOutbox, type Outbox, type RelayOptions } from '@guildwire/bus';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';

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
  readonly relay?: Omit<RelayOptions, 'onPublished'>;
}

async function outboxPlugin(app: FastifyInstance, options: OutboxPluginOptions): Promise<void> {
  const registers = [app.metrics.registry];
  const published = new Counter({
    name: 'outbox_published_events_total',
    help: 'Events the outbox relay published to JetStream (acked)',
    registers,
  });
  const outbox = createOutbox(app.db, app.bus, app.log as unknown as Logger, {
    ...options.relay,
    onPublished: (eventIds) => published.inc(eventIds.length),
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
