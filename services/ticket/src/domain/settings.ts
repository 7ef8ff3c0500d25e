/** The ticket module's settings of one guild. */
export interface TicketSettings {
  /** Tickets one user may have open (open or claimed) at once. */
  readonly openLimitPerUser: number;
  /** Discord roles whose members count as staff when they act through the bot. */
  readonly supportRoleIds: readonly string[];
  /** Inactivity after which a ticket closes itself; 0 turns auto-close off. */
  readonly autoCloseAfterMs: number;
  /** How long the opener has to answer a close request before the ticket closes. */
  readonly closeRequestTimeoutMs: number;
}

/**
 * Where settings come from. The config service's `tickets` module will implement this (a cache fed by
 * cmd.config.get and invalidated by its events); until it exists, `staticTicketSettings` does.
 */
export interface TicketSettingsSource {
  forGuild(guildId: string): Promise<TicketSettings>;
}

/** Defaults of every guild that configured nothing. */
export const defaultTicketSettings: TicketSettings = Object.freeze({
  openLimitPerUser: 3,
  supportRoleIds: Object.freeze([]) as readonly string[],
  autoCloseAfterMs: 7 * 24 * 3600 * 1000,
  closeRequestTimeoutMs: 24 * 3600 * 1000,
});

/** Settings from defaults, optionally overridden for every guild and per guild (tests, local runs). */
export function staticTicketSettings(
  overrides: {
    readonly all?: Partial<TicketSettings>;
    readonly guilds?: Readonly<Record<string, Partial<TicketSettings>>>;
  } = {},
): TicketSettingsSource {
  const base = Object.freeze({ ...defaultTicketSettings, ...overrides.all });
  return {
    async forGuild(guildId) {
      const own = overrides.guilds?.[guildId];
      return own ? { ...base, ...own } : base;
    },
  };
}

/** Whether a bot actor is staff: guild admins always, others when they hold a support role. */
export function isStaffByRoles(
  settings: TicketSettings,
  roleIds: readonly string[],
  guildAdmin: boolean,
): boolean {
  return guildAdmin || roleIds.some((id) => settings.supportRoleIds.includes(id));
}
