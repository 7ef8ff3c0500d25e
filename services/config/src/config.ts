import {
  DatabaseConfigSchema,
  type Environment,
  loadConfig,
  ServiceConfigSchema,
} from '@guildwire/service-kit';
import { type Static, Type } from 'typebox';

/** Everything the config service reads from its environment. */
export const ConfigServiceConfigSchema = Type.Object({
  ...ServiceConfigSchema.properties,
  ...DatabaseConfigSchema.properties,
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3104 }),
  // A module's settings are a few KiB at most (every string and list of the schemas is bounded);
  // anything much larger is a mistake or an attack, refused with 413 before it is parsed.
  CONFIG_BODY_LIMIT_BYTES: Type.Integer({ minimum: 1024, maximum: 1_048_576, default: 65_536 }),
  // How long the bot gateway may take to list a guild's roles and channels when a write names some
  // (their existence is checked); 0 checks the ids' format only.
  CONFIG_DISCORD_CHECK_TIMEOUT_MS: Type.Integer({ minimum: 0, maximum: 30_000, default: 2000 }),
});

/** The config service's parsed, frozen configuration. */
export type ConfigServiceConfig = Static<typeof ConfigServiceConfigSchema>;

/** Parses the environment once; throws ConfigError naming each bad variable. */
export function loadConfigServiceConfig(env: Environment = process.env): ConfigServiceConfig {
  return loadConfig(ConfigServiceConfigSchema, env);
}
