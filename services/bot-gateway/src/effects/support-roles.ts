import { type API, OverwriteType, PermissionFlagsBits } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import type { Logger } from 'pino';
import type { TicketPlaces } from '../state/ticket-places.js';

const staffAccess =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AttachFiles;

/** The support roles of a `tickets` settings document (config.updated carries it whole). */
export function supportRolesOf(settings: unknown): string[] | undefined {
  const ids = (settings as { supportRoleIds?: unknown } | undefined)?.supportRoleIds;
  return Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? ids : undefined;
}

/**
 * config.updated (tickets) → every open ticket channel of the guild lets in exactly the new support
 * roles: overwrites added for new ones, removed for dropped ones. The target state is written to the
 * place afterwards, so a redelivered event changes nothing. Threads need nothing: support roles
 * are pinged into them by the welcome message, and new ones reach them by mention.
 */
export async function applySupportRoles(
  deps: { readonly api: API; readonly places: TicketPlaces; readonly logger: Logger },
  guildId: string,
  supportRoleIds: readonly string[],
): Promise<void> {
  for (const ticketId of await deps.places.openTickets(guildId)) {
    const place = await deps.places.place(ticketId);
    if (place?.mode !== 'channel' || place.open === false) continue;
    const before = new Set(place.supportRoleIds ?? []);
    const after = new Set(supportRoleIds);
    try {
      for (const roleId of after) {
        if (before.has(roleId)) continue;
        await deps.api.channels.editPermissionOverwrite(place.channelId, roleId, {
          type: OverwriteType.Role,
          allow: String(staffAccess),
        });
      }
      for (const roleId of before)
        if (!after.has(roleId)) await deps.api.channels.deletePermissionOverwrite(place.channelId, roleId);
    } catch (err) {
      if (!(err instanceof DiscordAPIError && err.code === 10003)) throw err;
      deps.logger.warn({ ticketId, channelId: place.channelId }, "the ticket's channel was deleted");
    }
    await deps.places.savePlace(ticketId, { ...place, supportRoleIds: [...after] });
  }
}
