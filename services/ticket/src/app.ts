import type { Bus } from '@guildwire/bus';
import {
  buildService,
  commandServer,
  databaseOf,
  dueSweeper,
  idempotencyKeys,
  natsBus,
  outbox,
  postgres,
  type ServiceApp,
  type ServiceLoggerOptions,
  serviceOptionsFromConfig,
  settingsClient,
} from '@guildwire/service-kit';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { ticketMigrations } from '../migrations/index.js';
import { ticketCommandBindings } from './commands/ticket-command-table.js';
import type { TicketConfig } from './config.js';
import { discordGuildMembers, type GuildMembers, unknownGuildMembers } from './discord/guild-members.js';
import type { TicketSettingsSource } from './domain/settings.js';
import { ticketApi } from './routes/ticket-api.js';
import type { TicketDatabase } from './store/database.js';
import { ticketTimers } from './use-cases/ticket-timers.js';
import { createTicketUseCases } from './use-cases/ticket-use-cases.js';

/** Name, version (logs, OpenAPI, $SRV discovery) and purpose of the service. */
export const ticketService = { name: 'ticket', version: '0.1.0', description: 'Support tickets and panels' };

/** Dependencies a caller may build itself (tests pass their own database, bus, settings or clock). */
export interface TicketAppDeps {
  readonly db?: Kysely<TicketDatabase>;
  readonly bus?: Bus;
  /** Settings of every guild; default: the config service's `tickets` module through app.settings. */
  readonly settings?: TicketSettingsSource;
  readonly clock?: () => Date;
  /** Users' standing in the guild; default: the bot gateway's cmd.discord.member_roles. */
  readonly members?: GuildMembers;
  readonly logger?: Logger | ServiceLoggerOptions;
  /** Run the timer sweeper in this process (default true). */
  readonly timers?: boolean;
  /** Serve cmd.ticket.* in this process (default true). */
  readonly commands?: boolean;
}

/** The ticket service: Postgres, NATS, outbox, commands, timers and the HTTP API, closed in reverse. */
export async function buildApp(config: TicketConfig, deps: TicketAppDeps = {}): Promise<ServiceApp> {
  const clock = deps.clock ?? (() => new Date());
  return buildService(serviceOptionsFromConfig(config, ticketService, deps.logger), async (app) => {
    await app.register(postgres, { config, schema: 'ticket', migrations: ticketMigrations, db: deps.db });
    await app.register(natsBus, { config, bus: deps.bus });
    await app.register(outbox);
    await app.register(idempotencyKeys);
    // Per-guild settings from the config service (app.settings), current within milliseconds.
    await app.register(settingsClient);
    const settings = deps.settings ?? { forGuild: (guildId) => app.settings.forGuild(guildId).tickets };
    const db = databaseOf<TicketDatabase>(app);
    const members =
      deps.members ??
      (config.TICKET_DISCORD_CHECK_TIMEOUT_MS === 0
        ? unknownGuildMembers
        : discordGuildMembers(app.bus, {
            timeoutMs: config.TICKET_DISCORD_CHECK_TIMEOUT_MS,
            logger: app.log,
          }));
    const logger = app.log as Logger;
    const uses = createTicketUseCases({ db, outbox: app.outbox, settings, logger, clock, members });
    const bindings = ticketCommandBindings(uses, settings);
    if (deps.commands !== false) await app.register(commandServer, { info: ticketService, bindings });
    const timers = { name: 'ticket-timers', work: ticketTimers(uses.deps), clock };
    if (deps.timers !== false)
      await app.register(dueSweeper, { ...timers, intervalMs: config.TICKET_TIMER_INTERVAL_MS });
    await app.register(ticketApi, { prefix: '/v1/guilds/:guildId', ...uses });
  });
}
