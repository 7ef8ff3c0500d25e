import { allTicketSupportRoleIds, type TicketsSettings, ticketsModule } from '@guildwire/contracts';

/**
 * The `tickets` module's settings of one guild, as the config service declares them
 * (libs/contracts, config/modules.ts). The ticket service applies the open limit, the support roles,
 * auto-close and the close-request timeout; the bot-gateway applies the rest.
 */
export type TicketSettings = TicketsSettings;

/**
 * Where settings come from: in a running service the settings client (`app.settings`, a cache fed
 * by cmd.config.get and kept current by config.updated events); in tests `staticTicketSettings`.
 */
export interface TicketSettingsSource {
  forGuild(guildId: string): Promise<TicketSettings>;
}

/** Defaults of every guild that configured nothing: the module's declared defaults. */
export const defaultTicketSettings: TicketSettings = ticketsModule.defaults;

/** Settings from defaults, optionally overridden for every guild and per guild (tests). */
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

/**
 * Whether a bot actor is staff: guild admins always, others when they hold a support role — the
 * module's or any category's. Staff act on every ticket of the guild here; what a category's
 * support roles limit is who sees its tickets in Discord (the bot's permission overwrites).
 */
export function isStaffByRoles(
  settings: TicketSettings,
  roleIds: readonly string[],
  guildAdmin: boolean,
): boolean {
  if (guildAdmin) return true;
  const support = allTicketSupportRoleIds(settings);
  return roleIds.some((id) => support.includes(id));
}
