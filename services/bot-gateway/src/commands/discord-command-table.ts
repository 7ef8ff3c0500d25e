import { bindCommand, type CommandBinding } from '@guildwire/bus';
import { discordCommands, PanelKind } from '@guildwire/contracts';
import { validationError } from '@guildwire/errors';
import type { GuildQueries } from '../discord/guild-queries.js';
import type { PanelSender } from '../panels/panel-sender.js';

const panelKinds = { [PanelKind.VOICE]: 'voice', [PanelKind.MUSIC]: 'music' } as const;
const snowflake = /^[0-9]{17,20}$/;

/** cmd.discord.*: request → guild query → reply; errors keep their codes (DISCORD_ERR_*). */
export function discordCommandBindings(queries: GuildQueries, panels: PanelSender): CommandBinding[] {
  return [
    bindCommand(discordCommands.listChannels, async (req) => ({
      channels: await queries.channels(req.guildId),
    })),
    bindCommand(discordCommands.listRoles, async (req) => ({ roles: await queries.roles(req.guildId) })),
    bindCommand(discordCommands.memberRoles, (req) => queries.memberRoles(req.guildId, req.userId)),
    bindCommand(discordCommands.botPresence, (req) => queries.presence(req.guildId)),
    bindCommand(discordCommands.sendPanel, async (req) => {
      const kind = panelKinds[req.kind as keyof typeof panelKinds];
      const errors = [
        ...(snowflake.test(req.guildId) ? [] : [{ field: '/guildId', message: 'must be a Discord id' }]),
        ...(snowflake.test(req.channelId) ? [] : [{ field: '/channelId', message: 'must be a Discord id' }]),
        ...(kind ? [] : [{ field: '/kind', message: 'must be PANEL_KIND_VOICE or PANEL_KIND_MUSIC' }]),
      ];
      if (errors.length > 0 || !kind) throw validationError(errors);
      return panels.send({
        guildId: req.guildId,
        kind,
        channelId: req.channelId,
        ...(req.idempotencyKey === '' ? {} : { idempotencyKey: req.idempotencyKey }),
      });
    }),
  ];
}
