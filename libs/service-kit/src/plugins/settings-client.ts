import { createSettingsClient, type SettingsClient } from '@guildwire/settings-client';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-guild module settings from the config service, cached and kept current by its events. */
    settings: SettingsClient;
  }
}

/** Options of the settings client plugin. */
export interface SettingsClientPluginOptions {
  /** A client built by the caller (tests); otherwise one over `app.bus`, with the app's metrics. */
  readonly client?: SettingsClient;
  /** Most (guild, module) entries cached. Default 10 000. */
  readonly maxEntries?: number;
}

async function settingsClientPlugin(
  app: FastifyInstance,
  options: SettingsClientPluginOptions,
): Promise<void> {
  const client =
    options.client ??
    createSettingsClient({
      bus: app.bus,
      logger: app.log as Logger,
      registry: app.metrics.registry,
      ...(options.maxEntries === undefined ? {} : { maxEntries: options.maxEntries }),
    });
  await client.start();
  app.decorate('settings', client);
  // Registered after the bus, so it stops following before the bus closes.
  app.addHook('onClose', () => client.close());
}

/**
 * Decorates `app.settings`: the settings client (libs/settings-client) following `config.updated`
 * on `app.bus`. A config service that is down does not make the app unready: reads fall back to
 * the last known value, else the module defaults, and `settings_client_fallbacks_total` counts it.
 */
export const settingsClient = fp(settingsClientPlugin, {
  name: 'guildwire-settings-client',
  fastify: '5.x',
  dependencies: ['guildwire-nats', 'guildwire-metrics'],
});
