import type { Requirements } from './giveaway.js';

/**
 * The giveaways module's settings of one guild. The names are the config service's `giveaways`
 * module's; durations are milliseconds.
 */
export interface GiveawaySettings {
  /** Discord roles whose members manage giveaways through the bot (besides guild admins). */
  readonly managerRoleIds: readonly string[];
  /** Channel a giveaway is posted in when none is named; '' = none. */
  readonly defaultChannelId: string;
  /** Embed colour, 0..0xFFFFFF. */
  readonly embedColor: number;
  readonly buttonLabel: string;
  readonly buttonEmoji: string;
  /** Most winners one giveaway may draw (1..100). */
  readonly maxWinners: number;
  /** Most giveaways scheduled, running or paused at once in the guild. */
  readonly maxRunningPerGuild: number;
  /** Whether the bot DMs winners. */
  readonly dmWinners: boolean;
  /** Requirements of a giveaway created without its own. */
  readonly defaultRequirements: {
    requiredRoleIds: string[];
    requiredRolesMode: 'any' | 'all';
    excludedRoleIds: string[];
    minAccountAgeMs: number;
    minMemberAgeMs: number;
  };
}

/**
 * Where settings come from. The config service's `giveaways` module will implement this (a cache
 * fed by cmd.config.get, invalidated by its events); until then `defaultGiveawaySettingsSource`.
 */
export interface GiveawaySettingsSource {
  forGuild(guildId: string): Promise<GiveawaySettings>;
}

/** The longest a giveaway may run (start to end): 90 days. A service constant, not a setting. */
export const maxGiveawayDurationMs = 90 * 24 * 3600 * 1000;

/** Defaults of every guild that configured nothing. */
export const defaultGiveawaySettings: GiveawaySettings = Object.freeze({
  managerRoleIds: Object.freeze([]) as readonly string[],
  defaultChannelId: '',
  embedColor: 0x5865f2,
  buttonLabel: 'Enter',
  buttonEmoji: '🎉',
  maxWinners: 20,
  maxRunningPerGuild: 25,
  dmWinners: true,
  defaultRequirements: {
    requiredRoleIds: [],
    requiredRolesMode: 'any' as const,
    excludedRoleIds: [],
    minAccountAgeMs: 0,
    minMemberAgeMs: 0,
  },
});

/** Settings from defaults, optionally overridden for every guild and per guild (tests, local runs). */
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
