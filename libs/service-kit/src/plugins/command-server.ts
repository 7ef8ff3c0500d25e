import { type CommandBinding, type CommandServiceInfo, serveCommands } from '@guildwire/bus';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Histogram } from 'prom-client';

/** Options of the command server plugin. */
export interface CommandServerOptions {
  readonly info: CommandServiceInfo;
  readonly bindings: readonly CommandBinding[];
}

async function commandServerPlugin(app: FastifyInstance, options: CommandServerOptions): Promise<void> {
  const duration = new Histogram({
    name: 'command_duration_seconds',
    help: 'Time to answer a NATS command, by command and outcome (ok or the error code)',
    labelNames: ['command', 'outcome'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [app.metrics.registry],
  });
  const server = await serveCommands(app.bus, options.info, options.bindings, {
    onAnswered: ({ def, code, durationMs }) =>
      duration.observe({ command: `${def.service}.${def.verb}`, outcome: code ?? 'ok' }, durationMs / 1000),
  });
  // Stops taking requests and lets those in hand finish before the outbox drains.
  app.addHook('onClose', async () => {
    await server.stop();
  });
}

/** Serves the service's `cmd.<service>.*` commands in its queue group; per-command duration metrics. */
export const commandServer = fp(commandServerPlugin, {
  name: 'guildwire-command-server',
  fastify: '5.x',
  dependencies: ['guildwire-nats', 'guildwire-metrics'],
});
