import type { Bus } from '@guildwire/bus';
import {
  buildService,
  commandServer,
  type DueSweeper,
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
import { giveawayMigrations } from '../migrations/index.js';
import { giveawayCommandBindings } from './commands/giveaway-command-table.js';
import { beaconFromConfig, type GiveawayConfig } from './config.js';
import type { RandomnessSource } from './domain/randomness.js';
import type { GiveawaySettingsSource } from './domain/settings.js';
import { giveawayApi } from './routes/giveaway-api.js';
import type { GiveawayDatabase } from './store/database.js';
import { giveawayScheduler } from './use-cases/giveaway-scheduler.js';
import { createGiveawayUseCases } from './use-cases/giveaway-use-cases.js';

/** Name, version (logs, OpenAPI, $SRV discovery) and purpose of the service. */
export const giveawayService = {
  name: 'giveaway',
  version: '0.1.0',
  description: 'Giveaways: on-time ends, one entry per member, verifiable draws',
};

/** Dependencies a caller may build itself (tests pass their own database, bus, settings, clock or beacon). */
export interface GiveawayAppDeps {
  readonly db?: Kysely<GiveawayDatabase>;
  readonly bus?: Bus;
  readonly settings?: GiveawaySettingsSource;
  readonly clock?: () => Date;
  readonly beacon?: RandomnessSource;
  readonly logger?: Logger | ServiceLoggerOptions;
  /** Run the scheduler in this process (default true). */
  readonly scheduler?: boolean;
  /** Serve cmd.giveaway.* in this process (default true). */
  readonly commands?: boolean;
}

/** The giveaway service: Postgres, NATS, outbox, commands, scheduler and the HTTP API, closed in reverse. */
export async function buildApp(config: GiveawayConfig, deps: GiveawayAppDeps = {}): Promise<ServiceApp> {
  const clock = deps.clock ?? (() => new Date());
  const beacon = deps.beacon ?? beaconFromConfig(config, deps.clock);
  return buildService(serviceOptionsFromConfig(config, giveawayService, deps.logger), async (app) => {
    await app.register(postgres, { config, schema: 'giveaway', migrations: giveawayMigrations, db: deps.db });
    await app.register(natsBus, { config, bus: deps.bus });
    await app.register(outbox);
    await app.register(idempotencyKeys);
    // Per-guild settings from the config service's giveaways module (app.settings), applied live.
    await app.register(settingsClient);
    const settings = deps.settings ?? { forGuild: (guildId) => app.settings.forGuild(guildId).giveaways };
    const db = databaseOf<GiveawayDatabase>(app);
    let sweeper: DueSweeper | undefined;
    const uses = createGiveawayUseCases(
      { db, outbox: app.outbox, settings, logger: app.log as Logger, clock, beacon },
      { onArmed: (at) => sweeper?.wake(at), counter: { gapMs: config.GIVEAWAY_COUNT_INTERVAL_MS } },
    );
    app.addHook('onClose', async () => uses.counter.stop());
    const bindings = giveawayCommandBindings(uses, settings);
    if (deps.commands !== false) await app.register(commandServer, { info: giveawayService, bindings });
    // Starts and ends: due rows claimed with FOR UPDATE SKIP LOCKED, so replicas end each once.
    if (deps.scheduler !== false)
      await app.register(dueSweeper, {
        name: 'giveaway-scheduler',
        work: giveawayScheduler(uses.deps),
        clock,
        intervalMs: config.GIVEAWAY_SCHEDULER_INTERVAL_MS,
        onStarted: (s) => {
          sweeper = s;
        },
      });
    await app.register(giveawayApi, { prefix: '/v1/guilds/:guildId', ...uses });
  });
}
