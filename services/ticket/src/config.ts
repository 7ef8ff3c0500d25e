import {
  DatabaseConfigSchema,
  type Environment,
  loadConfig,
  ServiceConfigSchema,
} from '@guildwire/service-kit';
import { type Static, Type } from 'typebox';

/** Everything the ticket service reads from its environment. */
export const TicketConfigSchema = Type.Object({
  ...ServiceConfigSchema.properties,
  ...DatabaseConfigSchema.properties,
  TICKET_TIMER_INTERVAL_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 1000 }),
  /** How long the bot gateway may take to say whether a user is in the guild (0 = do not ask). */
  TICKET_DISCORD_CHECK_TIMEOUT_MS: Type.Integer({ minimum: 0, maximum: 30_000, default: 2000 }),
});

/** The ticket service's parsed, frozen configuration. */
export type TicketConfig = Static<typeof TicketConfigSchema>;

/** Parses the environment once; throws ConfigError naming each bad variable. */
export function loadTicketConfig(env: Environment = process.env): TicketConfig {
  return loadConfig(TicketConfigSchema, env);
}
