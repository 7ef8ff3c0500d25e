import {
  type Bus,
  type CommandServer,
  connectBus,
  createOutbox,
  ensureStream,
  serveCommands,
} from '@guildwire/bus';
import { createDb, migrateToLatest } from '@guildwire/db';
import { authOptionsFromConfig, createServiceApp, type ServiceApp } from '@guildwire/service-kit';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import { ticketMigrations } from '../migrations/index.js';
import { readAndPanelCommandBindings } from './commands/read-commands.js';
import { ticketCommandBindings } from './commands/ticket-commands.js';
import type { TicketConfig } from './config.js';
import { staticTicketSettings, type TicketSettingsSource } from './domain/settings.js';
import type { TicketDeps } from './operations/deps.js';
import { createPanelOperations } from './operations/panel-operations.js';
import { createTicketOperations } from './operations/ticket-operations.js';
import { createTicketQueries } from './operations/ticket-queries.js';
import { panelRoutes } from './routes/panel-routes.js';
import { statsRoutes } from './routes/stats-routes.js';
import { ticketActionRoutes } from './routes/ticket-action-routes.js';
import { ticketContentRoutes } from './routes/ticket-content-routes.js';
import { ticketRoutes } from './routes/ticket-routes.js';
import type { TicketDatabase } from './store/database.js';
import { createTimerScheduler, type TimerScheduler } from './timers/timer-scheduler.js';

/** The service's version, reported in logs, OpenAPI and $SRV discovery. */
export const ticketServiceVersion = '0.1.0';

/** Dependencies a caller may build itself (tests pass their own database, bus, settings or clock). */
export interface TicketAppDeps {
  readonly db?: Kysely<TicketDatabase>;
  readonly bus?: Bus;
  readonly settings?: TicketSettingsSource;
  readonly clock?: () => Date;
  /** Pino options or instance for the app's logger (default: level from config). */
  readonly logger?: Logger | { level: string };
  /** Run the timer scheduler in this process (default true). */
  readonly timers?: boolean;
  /** Serve cmd.ticket.* in this process (default true). */
  readonly commands?: boolean;
}

function settingsFromConfig(config: TicketConfig): TicketSettingsSource {
  return staticTicketSettings({
    all: {
      openLimitPerUser: config.TICKET_OPEN_LIMIT,
      autoCloseAfterMs: config.TICKET_AUTO_CLOSE_AFTER_MS,
      closeRequestTimeoutMs: config.TICKET_CLOSE_REQUEST_TIMEOUT_MS,
      supportRoleIds: config.TICKET_SUPPORT_ROLE_IDS === '' ? [] : config.TICKET_SUPPORT_ROLE_IDS.split(','),
    },
  });
}

/**
 * Builds the ticket service: migrates its schema, connects NATS (stream ensured), starts the outbox
 * relay, the timer scheduler and the command server, and registers the HTTP routes. Closing the app
 * stops them in reverse order and closes what it opened itself.
 */
export async function buildApp(config: TicketConfig, deps: TicketAppDeps = {}): Promise<ServiceApp> {
  let db: Kysely<TicketDatabase> | undefined = deps.db;
  let bus: Bus | undefined = deps.bus;
  const app = await createServiceApp({
    name: 'ticket',
    version: ticketServiceVersion,
    logger: deps.logger ?? { level: config.LOG_LEVEL },
    auth: authOptionsFromConfig(config),
    openapi: {
      title: 'Guildwire ticket service',
      description: 'Support tickets, comments, attachments, close requests and panels',
    },
    readiness: [
      { name: 'nats', check: () => bus!.checkReady() },
      { name: 'postgres', check: async () => void (await sql`select 1`.execute(db!)) },
    ],
  });
  const logger = app.log as unknown as Logger;
  const owned: Array<() => Promise<void>> = [];
  if (!db) {
    const own = createDb<TicketDatabase>({
      url: config.DATABASE_URL,
      schema: 'ticket',
      poolSize: config.DB_POOL_SIZE,
      logger,
    });
    owned.push(() => own.destroy());
    db = own;
  }
  await migrateToLatest(db, { schema: 'ticket', migrations: ticketMigrations });
  if (!bus) {
    const own = await connectBus({
      servers: config.NATS_URL,
      name: 'ticket',
      namespace: config.NATS_NAMESPACE,
      logger,
    });
    owned.unshift(() => own.close());
    bus = own;
  }
  await ensureStream(bus);

  const outbox = createOutbox(db, bus, logger);
  const settings = deps.settings ?? settingsFromConfig(config);
  const ticketDeps: TicketDeps = { db, outbox, settings, logger, clock: deps.clock ?? (() => new Date()) };
  const tickets = createTicketOperations(ticketDeps);
  const queries = createTicketQueries(ticketDeps);
  const panels = createPanelOperations(ticketDeps);

  const prefix = '/v1/guilds/:guildId';
  await app.register(ticketRoutes, { prefix, tickets, queries });
  await app.register(ticketActionRoutes, { prefix, tickets });
  await app.register(ticketContentRoutes, { prefix, tickets });
  await app.register(statsRoutes, { prefix, queries, settings });
  await app.register(panelRoutes, { prefix, panels });

  outbox.relay.start();
  let scheduler: TimerScheduler | undefined;
  if (deps.timers !== false) {
    scheduler = createTimerScheduler(ticketDeps, { intervalMs: config.TICKET_TIMER_INTERVAL_MS });
    scheduler.start();
  }
  let commands: CommandServer | undefined;
  if (deps.commands !== false) {
    commands = await serveCommands(
      bus,
      { name: 'ticket', version: ticketServiceVersion, description: 'Guildwire tickets' },
      [
        ...ticketCommandBindings(tickets, settings),
        ...readAndPanelCommandBindings(queries, panels, settings),
      ],
    );
  }

  // In-flight HTTP requests have finished when onClose runs; commands drain next, then the timers,
  // then the relay publishes what they committed, and only then do connections close.
  app.addHook('onClose', async () => {
    await commands?.stop();
    await scheduler?.stop();
    await outbox.relay.stop();
    await outbox.relay.drain().catch(() => undefined);
    for (const close of owned) await close();
  });
  return app;
}
