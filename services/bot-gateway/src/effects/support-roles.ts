import { type API, OverwriteType, PermissionFlagsBits } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { type TicketsSettings, ticketsModule } from '@guildwire/contracts';
import type { Logger } from 'pino';
import type { TicketPlace, TicketPlaces } from '../state/ticket-places.js';
import { categoryOfTicket } from './ticket-category.js';

const staffAccess =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AttachFiles;

/**
 * A `tickets` settings document as config.updated carries it (whole), with the module's defaults
 * under fields it lacks (an event from a config service older than this build); undefined when it
 * does not look like one.
 */
export function ticketsSettingsOf(settings: unknown): TicketsSettings | undefined {
  const raw = settings as Partial<TicketsSettings> | undefined;
  const ids = raw?.supportRoleIds;
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) return undefined;
  if (raw?.categories !== undefined && !Array.isArray(raw.categories)) return undefined;
  return { ...ticketsModule.defaults, ...raw } as TicketsSettings;
}

/**
 * Makes a ticket channel's role overwrites let in exactly `roleIds`: overwrites added for new
 * roles, removed for dropped ones (compared with the roles the place says were applied).
 */
export async function syncRoleOverwrites(api: API, place: TicketPlace, roleIds: readonly string[]) {
  const before = new Set(place.supportRoleIds ?? []);
  const after = new Set(roleIds);
  for (const roleId of after) {
    if (before.has(roleId)) continue;
    await api.channels.editPermissionOverwrite(place.channelId, roleId, {
      type: OverwriteType.Role,
      allow: String(staffAccess),
    });
  }
  for (const roleId of before)
    if (!after.has(roleId)) await api.channels.deletePermissionOverwrite(place.channelId, roleId);
}

/**
 * config.updated (tickets) → every open ticket channel of the guild lets in exactly the support
 * roles of its category now (the module's plus the category's own; a deleted category's tickets
 * fall back to the module's). The target state is written to the place afterwards, so a
 * redelivered event changes nothing. Threads need nothing: support roles are pinged into them by
 * the welcome message, and new ones reach them by mention.
 */
export async function applySupportRoles(
  deps: { readonly api: API; readonly places: TicketPlaces; readonly logger: Logger },
  guildId: string,
  settings: TicketsSettings,
): Promise<void> {
  for (const ticketId of await deps.places.openTickets(guildId)) {
    const place = await deps.places.place(ticketId);
    if (place?.mode !== 'channel' || place.open === false) continue;
    const roles = categoryOfTicket(settings, { categoryId: place.categoryId ?? 'default' }).supportRoleIds;
    try {
      await syncRoleOverwrites(deps.api, place, roles);
    } catch (err) {
      if (!(err instanceof DiscordAPIError && err.code === 10003)) throw err;
      deps.logger.warn({ ticketId, channelId: place.channelId }, "the ticket's channel was deleted");
    }
    await deps.places.savePlace(ticketId, { ...place, supportRoleIds: [...roles] });
  }
}
