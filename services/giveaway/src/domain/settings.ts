import { type GiveawaysSettings, giveawaysModule } from '@guildwire/contracts';
import type { Requirements } from './giveaway.js';

/**
 * The `giveaways` module's settings of one guild, as the config service declares them
 * (libs/contracts, config/modules.ts); durations are milliseconds.
 */
export type GiveawaySettings = GiveawaysSettings;

/**
 * Where settings come from: in a running service the settings client (`app.settings`, a cache fed
 * by cmd.config.get and kept current by config.updated events); in tests `defaultGiveawaySettingsSource`.
 */
export interface GiveawaySettingsSource {
  forGuild(guildId: string): Promise<GiveawaySettings>;
}

/** The longest a giveaway may run (start to end): 90 days. A service constant, not a setting. */
export const maxGiveawayDurationMs = 90 * 24 * 3600 * 1000;

/** Defaults of every guild that configured nothing: the module's declared defaults. */
export const defaultGiveawaySettings: GiveawaySettings = giveawaysModule.defaults;

/** Settings from defaults, optionally overridden for every guild and per guild (tests). */
export function defaultGiveawaySettingsSource(
  overrides: {
    readonly all?: Partial<GiveawaySettings>;
    readonly guilds?: Readonly<Record<string, Partial<GiveawaySettings>>>;
  } = {},
): GiveawaySettingsSource {
  const base = Object.freeze({ ...defaultGiveawaySettings, ...overrides.all });
  return {
    async forGuild(guildId) {
      const own = overrides.guilds?.[guildId];
      return own ? { ...base, ...own } : base;
    },
  };
}

/** The default requirements as a giveaway keeps them. */
export function defaultRequirementsOf(settings: GiveawaySettings): Requirements {
  const r = settings.defaultRequirements;
  return { ...r, requiredRoleIds: [...r.requiredRoleIds], excludedRoleIds: [...r.excludedRoleIds] };
}

/** Whether a bot actor manages giveaways: guild admins always, others with a manager role. */
export function isManagerByRoles(
  settings: GiveawaySettings,
  roleIds: readonly string[],
  guildAdmin: boolean,
): boolean {
  return guildAdmin || roleIds.some((id) => settings.managerRoleIds.includes(id));
}
