export type { CachedSettings } from './settings-cache.js';
export type {
  GuildSettings,
  ResolvedSettings,
  SettingsChange,
  SettingsClient,
  SettingsClientOptions,
  SettingsSource,
} from './settings-client.js';
export { createSettingsClient } from './settings-client.js';
