import { type Bus, CommandRejectedError, requestCommand } from '@guildwire/bus';
import { discordCommands } from '@guildwire/contracts';
import type { MemberStanding } from '../domain/ticket-members.js';

/** Options of {@link discordGuildMembers}. */
export interface GuildMembersOptions {
  /** How long the bot gateway may take to answer (TICKET_DISCORD_CHECK_TIMEOUT_MS). */
  readonly timeoutMs: number;
  readonly logger: { warn(fields: object, message: string): void };
}

/** A user's standing in a guild as the bot sees it; undefined when it cannot tell. */
export interface GuildMembers {
  standing(guildId: string, userId: string, correlationId?: string): Promise<MemberStanding | undefined>;
}

/** Asks nobody: every user's standing is unknown (checks off, or tests that do not need them). */
export const unknownGuildMembers: GuildMembers = { standing: async () => undefined };

/**
 * A user's standing from the bot gateway (`cmd.discord.member_roles`: its member cache, else
 * Discord). When the bot cannot tell — not running, too slow, not in the guild — the answer is
 * undefined and a warning is logged: the caller accepts, as the config service does for the ids of
 * a settings document (docs/config.md), so staff are not blocked by the bot being down.
 */
export function discordGuildMembers(bus: Bus, options: GuildMembersOptions): GuildMembers {
  return {
    async standing(guildId, userId, correlationId) {
      try {
        const reply = await requestCommand(
          bus,
          discordCommands.memberRoles,
          { guildId, userId, ...(correlationId ? { correlationId } : {}) },
          { timeoutMs: options.timeoutMs },
        );
        return { isMember: reply.isMember, roleIds: reply.roleIds, guildAdmin: reply.guildAdmin };
      } catch (err) {
        options.logger.warn(
          {
            guildId,
            userId,
            reason: err instanceof Error ? err.message : String(err),
            ...(err instanceof CommandRejectedError ? { code: err.code } : {}),
          },
          "user's guild membership not checked: the bot gateway could not tell",
        );
        return undefined;
      }
    },
  };
}
