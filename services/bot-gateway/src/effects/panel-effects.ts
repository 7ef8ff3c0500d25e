import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { type Bus, requestCommand, TerminalHandlerError } from '@guildwire/bus';
import { ActorKind, type TicketPanel, ticketCommands } from '@guildwire/contracts';
import type { SettingsClient } from '@guildwire/settings-client';
import type { TicketPlaces } from '../state/ticket-places.js';
import type { EffectLog } from './effect-log.js';
import { findMessageWithButton } from './find-message.js';
import { offeredCategories, panelComponents } from './panel-components.js';

/** What posting a panel uses. */
export interface PanelEffectDeps {
  readonly api: API;
  readonly bus: Bus;
  readonly places: TicketPlaces;
  readonly log: EffectLog;
  readonly settings: SettingsClient;
  readonly commandTimeoutMs: number;
}

/**
 * ticket.panel_send_requested → the panel message with a button per category it offers (or a menu
 * of them), then cmd.ticket.panel_sent.
 */
export async function onPanelSendRequested(
  deps: PanelEffectDeps,
  eventId: string,
  panel: TicketPanel,
  correlationId: string,
) {
  const record = await deps.log.get(eventId);
  if (record.done) return;
  const channelId = panel.channelId;
  if (!channelId) throw new TerminalHandlerError(`panel ${panel.id} has no target channel`);
  if (!record.messageId) {
    const { settings } = await deps.settings.get(panel.guildId, 'tickets');
    const categories = offeredCategories(panel, settings);
    if (categories.length === 0)
      throw new TerminalHandlerError(`panel ${panel.id}: none of its categories is in the settings any more`);
    const components = panelComponents(panel, categories);
    // The first component's custom id marks the panel's message (a retry after a crash finds it).
    const marker = String((components[0]!.components[0] as { custom_id: string }).custom_id);
    const found = record.posting ? await findMessageWithButton(deps.api, channelId, marker) : undefined;
    if (!found) {
      record.posting = true;
      await deps.log.save(eventId, record);
    }
    const message = found ?? (await postPanel(deps.api, channelId, panel, components));
    record.messageId = message.id;
    record.channelId = channelId;
    await deps.log.save(eventId, record);
  }
  await deps.places.savePanelChannel(panel.id, channelId);
  await requestCommand(
    deps.bus,
    ticketCommands.panelSent,
    {
      guildId: panel.guildId,
      actor: { kind: ActorKind.SYSTEM, id: 'bot-gateway' },
      panelId: panel.id,
      channelId,
      messageId: record.messageId,
      correlationId,
    },
    { timeoutMs: deps.commandTimeoutMs },
  );
  record.done = true;
  await deps.log.save(eventId, record);
}

// Unknown Channel / Missing Access: the target channel is gone or hidden; retrying cannot help.
const unreachable = new Set([10003, 50001]);

async function postPanel(
  api: API,
  channelId: string,
  panel: TicketPanel,
  components: ReturnType<typeof panelComponents>,
) {
  try {
    return await api.channels.createMessage(channelId, {
      embeds: [
        {
          title: panel.title.slice(0, 256),
          ...(panel.description ? { description: panel.description.slice(0, 4096) } : {}),
          color: panel.colour,
        },
      ],
      components,
    });
  } catch (err) {
    if (err instanceof DiscordAPIError && typeof err.code === 'number' && unreachable.has(err.code))
      throw new TerminalHandlerError(`panel ${panel.id}: channel ${channelId} is unreachable (${err.code})`);
    throw err;
  }
}
