import { type Bus, connectBus, ensureStream, type StreamLimits } from '@guildwire/bus';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's NATS connection with JetStream (namespaced subjects, the events stream ensured). */
    bus: Bus;
  }
}

/** Options of the NATS bus plugin. */
export interface NatsBusOptions {
  /** Where to connect (the service's loaded configuration); required unless `bus` is given. */
  readonly config?: {
    readonly NATS_URL: string;
    readonly NATS_NAMESPACE?: string;
    /** Replicas of the streams and KV buckets the service creates; default 1. */
    readonly STREAM_REPLICAS?: number;
  };
  /** Connection name shown by the server; default the service's name. */
  readonly name?: string;
  /** An existing connection (tests); the app does not close it. */
  readonly bus?: Bus | undefined;
  /** Limits of the GUILD_EVENTS stream, ensured at start; `false` leaves the stream alone. */
  readonly stream?: StreamLimits | false;
}

async function natsBusPlugin(app: FastifyInstance, options: NatsBusOptions): Promise<void> {
  let bus = options.bus;
  if (bus === undefined) {
    const { config } = options;
    if (config === undefined) throw new TypeError('nats bus plugin needs config or bus');
    const own = await connectBus({
      servers: config.NATS_URL,
      name: options.name ?? app.serviceName,
      ...(config.NATS_NAMESPACE === undefined ? {} : { namespace: config.NATS_NAMESPACE }),
      ...(config.STREAM_REPLICAS === undefined ? {} : { replicas: config.STREAM_REPLICAS }),
      logger: app.log as unknown as Logger,
    });
    // Drained after every plugin registered later has stopped using it (onClose runs in reverse).
    app.addHook('onClose', async () => {
      await own.close();
    });
    bus = own;
  }
  if (options.stream !== false) await ensureStream(bus, options.stream ?? {});
  app.decorate('bus', bus);
  const ready = bus;
  app.readiness.add({ name: 'nats', check: () => ready.checkReady() });
}

/** Decorates `app.bus`: a NATS connection with the events stream ensured; `/readyz` checks it. */
export const natsBus = fp(natsBusPlugin, {
  name: 'guildwire-nats',
  fastify: '5.x',
  dependencies: ['guildwire-health'],
});
