import { type API, OverwriteType, PermissionFlagsBits } from '@discordjs/core';
import { allTicketSupportRoleIds } from '@guildwire/contracts';
import type { SettingsClient } from '@guildwire/settings-client';
import type { TicketPlace } from '../state/ticket-places.js';
import type { InteractionActor } from './actor.js';

const memberAccess =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AttachFiles;

/**
 * Staff for tickets, as the ticket service decides it (docs/ticket.md, Roles): a guild admin, or a
 * member holding one of the tickets module's support roles or a category's. `/ticket add|remove` are Discord-only
 * actions, so the bot applies the same rule itself.
 */
export async function isTicketStaff(settings: SettingsClient, guildId: string, actor: InteractionActor) {
  if (actor.guildAdmin) return true;
  const supportRoleIds = allTicketSupportRoleIds((await settings.get(guildId, 'tickets')).settings);
  return actor.roleIds.some((id) => supportRoleIds.includes(id));
}

/** Lets a member into a ticket: a thread member, or a channel permission overwrite. */
export async function addToTicket(api: API, place: TicketPlace, userId: string): Promise<void> {
  if (place.mode === 'thread') await api.threads.addMember(place.channelId, userId);
  else
    await api.channels.editPermissionOverwrite(place.channelId, userId, {
      type: OverwriteType.Member,
      allow: String(memberAccess),
    });
}

/** Takes a member out of a ticket again. */
export async function removeFromTicket(api: API, place: TicketPlace, userId: string): Promise<void> {
  if (place.mode === 'thread') await api.threads.removeMember(place.channelId, userId);
  else await api.channels.deletePermissionOverwrite(place.channelId, userId);
}
