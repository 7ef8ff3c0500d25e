import {
  DatabaseConfigSchema,
  type Environment,
  loadConfig,
  ServiceConfigSchema,
} from '@guildwire/service-kit';
import { type Static, Type } from 'typebox';
import { defaultTicketSettings, staticTicketSettings, type TicketSettingsSource } from './domain/settings.js';

/** Everything the ticket service reads from its environment. */
export const TicketConfigSchema = Type.Object({
  ...ServiceConfigSchema.properties,
  ...DatabaseConfigSchema.properties,
  TICKET_TIMER_INTERVAL_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 1000 }),
  // Defaults of every guild until the config service provides per-guild ticket settings.
  TICKET_OPEN_LIMIT: Type.Integer({
    minimum: 1,
    maximum: 1000,
    default: defaultTicketSettings.openLimitPerUser,
  }),
  TICKET_AUTO_CLOSE_AFTER_MS: Type.Integer({ minimum: 0, default: defaultTicketSettings.autoCloseAfterMs }),
  TICKET_CLOSE_REQUEST_TIMEOUT_MS: Type.Integer({
    minimum: 1,
    default: defaultTicketSettings.closeRequestTimeoutMs,
  }),
  TICKET_SUPPORT_ROLE_IDS: Type.String({ pattern: '^([0-9]{1,20}(,[0-9]{1,20})*)?$', default: '' }),
});

/** The ticket service's parsed, frozen configuration. */
export type TicketConfig = Static<typeof TicketConfigSchema>;

/** Parses the environment once; throws ConfigError naming each bad variable. */
export function loadTicketConfig(env: Environment = process.env): TicketConfig {
  return loadConfig(TicketConfigSchema, env);
}

/** Every guild's ticket settings from the environment, until the config service provides them per guild. */
export function settingsFromConfig(config: TicketConfig): TicketSettingsSource {
  return staticTicketSettings({
    all: {
      openLimitPerUser: config.TICKET_OPEN_LIMIT,
      autoCloseAfterMs: config.TICKET_AUTO_CLOSE_AFTER_MS,
      closeRequestTimeoutMs: config.TICKET_CLOSE_REQUEST_TIMEOUT_MS,
      supportRoleIds: config.TICKET_SUPPORT_ROLE_IDS === '' ? [] : config.TICKET_SUPPORT_ROLE_IDS.split(','),
    },
  });
}
