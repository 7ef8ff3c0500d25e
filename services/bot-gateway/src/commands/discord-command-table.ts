import { bindCommand, type CommandBinding } from '@guildwire/bus';
import { discordCommands, PanelKind } from '@guildwire/contracts';
import { validationError } from '@guildwire/errors';
import type { GuildQueries } from '../discord/guild-queries.js';
import type { PanelSender } from '../panels/panel-sender.js';

const panelKinds = { [PanelKind.VOICE]: 'voice', [PanelKind.MUSIC]: 'music' } as const;
const snowflake = /^[0-9]{17,20}$/;

/** A field error for each of `ids` (field → value) that is not a Discord id. */
function notSnowflakes(ids: Record<string, string>): Array<{ field: string; message: string }> {
  return Object.entries(ids)
    .filter(([, value]) => !snowflake.test(value))
    .map(([field, _]) => ({ field: `/${field}`, message: 'must be a Discord id' }));
}

/** Throws GW_ERR_VALIDATION unless every one of `ids` is a Discord id (the HTTP routes' schemas check the same). */
function requireSnowflakes(ids: Record<string, string>): void {
  const errors = notSnowflakes(ids);
  if (errors.length > 0) throw validationError(errors);
}

/** cmd.discord.*: request → guild query → reply; errors keep their codes (DISCORD_ERR_*). */
export function discordCommandBindings(queries: GuildQueries, panels: PanelSender): CommandBinding[] {
  return [
    bindCommand(discordCommands.listChannels, async (req) => {
      requireSnowflakes({ guildId: req.guildId });
      return { channels: await queries.channels(req.guildId) };
    }),
    bindCommand(discordCommands.listRoles, async (req) => {
      requireSnowflakes({ guildId: req.guildId });
      return { roles: await queries.roles(req.guildId) };
    }),
    bindCommand(discordCommands.memberRoles, async (req) => {
      requireSnowflakes({ guildId: req.guildId, userId: req.userId });
      return queries.memberRoles(req.guildId, req.userId);
    }),
    bindCommand(discordCommands.botPresence, async (req) => {
      requireSnowflakes({ guildId: req.guildId });
      return queries.presence(req.guildId);
    }),
    bindCommand(discordCommands.sendPanel, async (req) => {
      const kind = panelKinds[req.kind as keyof typeof panelKinds];
      const errors = [
        ...notSnowflakes({ guildId: req.guildId, channelId: req.channelId }),
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
