import type { Bus } from '@guildwire/bus';
import {
  buildService,
  commandServer,
  databaseOf,
  idempotencyKeys,
  natsBus,
  outbox,
  postgres,
  type ServiceApp,
  type ServiceLoggerOptions,
  serviceOptionsFromConfig,
} from '@guildwire/service-kit';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { configMigrations } from '../migrations/index.js';
import { configCommandBindings } from './commands/config-command-table.js';
import type { ConfigServiceConfig } from './config.js';
import { discordReferences } from './discord/discord-references.js';
import { formatOnlyReferences, type ReferenceCheck } from './domain/references.js';
import { createSettingsValidator } from './domain/validate-settings.js';
import { settingsRoutes } from './routes/settings-routes.js';
import type { ConfigDatabase } from './store/database.js';
import { createConfigUseCases } from './use-cases/config-use-cases.js';

/** Name, version (logs, OpenAPI, $SRV discovery) and purpose of the service. */
export const configService = {
  name: 'config',
  version: '0.1.0',
  description: 'Per-guild module settings: schemas, versions, audit, rollback',
};

/** Dependencies a caller may build itself (tests pass their own database, bus, clock or checks). */
export interface ConfigAppDeps {
  readonly db?: Kysely<ConfigDatabase>;
  readonly bus?: Bus;
  readonly clock?: () => Date;
  readonly logger?: Logger | ServiceLoggerOptions;
  /** Whether the Discord ids of a document exist in the guild (the bot-gateway's, later). */
  readonly references?: ReferenceCheck;
}

/** The existence check of the Discord ids a document names: the bot gateway's lists, or none. */
function referencesFor(config: ConfigServiceConfig, app: ServiceApp): ReferenceCheck {
  return config.CONFIG_DISCORD_CHECK_TIMEOUT_MS === 0
    ? formatOnlyReferences
    : discordReferences(app.bus, { timeoutMs: config.CONFIG_DISCORD_CHECK_TIMEOUT_MS, logger: app.log });
}

/** The config service: Postgres, NATS, outbox, commands and the HTTP API, closed in reverse. */
export async function buildApp(config: ConfigServiceConfig, deps: ConfigAppDeps = {}): Promise<ServiceApp> {
  const options = {
    ...serviceOptionsFromConfig(config, configService, deps.logger),
    bodyLimit: config.CONFIG_BODY_LIMIT_BYTES,
  };
  return buildService(options, async (app) => {
    await app.register(postgres, { config, schema: 'config', migrations: configMigrations, db: deps.db });
    await app.register(natsBus, { config, bus: deps.bus });
    await app.register(outbox);
    await app.register(idempotencyKeys);
    const uses = createConfigUseCases({
      db: databaseOf<ConfigDatabase>(app),
      outbox: app.outbox,
      validator: createSettingsValidator(deps.references ?? referencesFor(config, app)),
      clock: deps.clock ?? (() => new Date()),
      maxDocumentBytes: config.CONFIG_BODY_LIMIT_BYTES,
    });
    await app.register(commandServer, { info: configService, bindings: configCommandBindings(uses) });
    await app.register(settingsRoutes, { prefix: '/v1/guilds/:guildId', ...uses });
  });
}
