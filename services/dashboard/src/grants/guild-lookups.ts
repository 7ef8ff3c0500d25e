import { type Bus, requestCommand } from '@guildwire/bus';
import { allTicketSupportRoleIds, discordCommands } from '@guildwire/contracts';
import type { SettingsClient } from '@guildwire/settings-client';
import type { MemberFacts } from './guild-role.js';

/** What token issuing asks the rest of Guildwire about a guild. */
export interface GuildLookups {
  /** Whether the bot is in the guild (cached for a short while: every token refresh asks). */
  botPresent(guildId: string): Promise<boolean>;
  member(guildId: string, userId: string): Promise<MemberFacts>;
  staffRoleIds(guildId: string): Promise<ReadonlySet<string>>;
}

/** Lookup options: where to ask and how long to wait. */
export interface GuildLookupOptions {
  readonly bus: Bus;
  readonly settings: SettingsClient;
  readonly timeoutMs: number;
  /** How long a presence answer is reused (default 30 s). */
  readonly presenceTtlMs?: number;
  /** Presence answers kept (default 50 000 guilds). */
  readonly presenceMax?: number;
}

/** Lookups over the bot gateway (cmd.discord.*) and the config service's settings (settings client). */
export function createGuildLookups(options: GuildLookupOptions): GuildLookups {
  const ttl = options.presenceTtlMs ?? 30_000;
  const max = options.presenceMax ?? 50_000;
  const presence = new Map<string, { present: boolean; until: number }>();
  const timeout = { timeoutMs: options.timeoutMs };
  return {
    async botPresent(guildId) {
      const cached = presence.get(guildId);
      if (cached !== undefined && cached.until > Date.now()) return cached.present;
      const reply = await requestCommand(options.bus, discordCommands.botPresence, { guildId }, timeout);
      // Oldest first out: a Map iterates in insertion order.
      if (presence.size >= max) presence.delete(presence.keys().next().value!);
      presence.delete(guildId);
      presence.set(guildId, { present: reply.present, until: Date.now() + ttl });
      return reply.present;
    },
    async member(guildId, userId) {
      const reply = await requestCommand(
        options.bus,
        discordCommands.memberRoles,
        { guildId, userId },
        timeout,
      );
      return {
        isMember: reply.isMember,
        roleIds: reply.roleIds,
        guildAdmin: reply.guildAdmin,
        owner: reply.owner,
      };
    },
    async staffRoleIds(guildId) {
      const guild = options.settings.forGuild(guildId);
      const [tickets, giveaways] = await Promise.all([guild.tickets, guild.giveaways]);
      // A category's own support roles make staff too (of the tickets of that category).
      return new Set([...allTicketSupportRoleIds(tickets), ...giveaways.managerRoleIds]);
    },
  };
}
