import { bindCommand, type CommandBinding } from '@guildwire/bus';
import { discordCommands } from '@guildwire/contracts';
import type { GuildQueries } from '../discord/guild-queries.js';

/** cmd.discord.*: request → guild query → reply; errors keep their codes (DISCORD_ERR_*). */
export function discordCommandBindings(queries: GuildQueries): CommandBinding[] {
  return [
    bindCommand(discordCommands.listChannels, async (req) => ({
      channels: await queries.channels(req.guildId),
    })),
    bindCommand(discordCommands.listRoles, async (req) => ({ roles: await queries.roles(req.guildId) })),
    bindCommand(discordCommands.memberRoles, (req) => queries.memberRoles(req.guildId, req.userId)),
    bindCommand(discordCommands.botPresence, (req) => queries.presence(req.guildId)),
  ];
}
