import type { Ticket } from '@guildwire/contracts';
import { syncRoleOverwrites } from './support-roles.js';
import { categoryOfTicket } from './ticket-category.js';
import { inCategoryWithRoom } from './ticket-channel.js';
import { isGone, onTicketChanged, placeOfEvent, type TicketEffectDeps } from './ticket-effects.js';
import { letIntoTicket } from './ticket-members.js';

/**
 * ticket.moved → the ticket's Discord side follows its new category. A channel goes under the new
 * category's Discord category (or its overflow; none: no parent) and lets in exactly its support
 * roles, and still the ticket's members; a thread stays where it is (a thread cannot change parent) and the new staff are pinged
 * into it. Either way a notice names the new category and the welcome message shows it. Each step
 * is idempotent (overwrites set to a target, the notice recorded under the event id), so a
 * redelivery finishes the work without posting twice.
 */
export async function onTicketMoved(
  deps: TicketEffectDeps,
  eventId: string,
  ticket: Ticket,
  movedBy: string,
  occurredAtMs: number,
) {
  const record = await deps.log.get(eventId);
  if (record.done) return;
  const place = await placeOfEvent(deps, ticket.id, occurredAtMs);
  if (!place) return;
  const { settings } = await deps.settings.get(ticket.guildId, 'tickets');
  const category = categoryOfTicket(settings, ticket);
  try {
    if (place.mode === 'channel') {
      await inCategoryWithRoom(
        deps.api,
        deps.guilds,
        ticket.guildId,
        category.discordCategoryIds,
        (parentId) => deps.api.channels.edit(place.channelId, { parent_id: parentId ?? null }),
      );
      await syncRoleOverwrites(deps.api, place, category.supportRoleIds);
      // The ticket's members stay in: their overwrites are set again (a no-op when Discord kept them).
      for (const memberId of ticket.memberIds) await letIntoTicket(deps.api, place, memberId);
    }
    if (!record.messageId) {
      const roles = category.supportRoleIds.map((id) => `<@&${id}>`).join(' ');
      const mover = /^[0-9]+$/.test(movedBy) ? ` by <@${movedBy}>` : '';
      const message = await deps.api.channels.createMessage(place.channelId, {
        content: `Moved to **${category.name}**${mover}.${roles ? `\n${roles}` : ''}`.slice(0, 2000),
        allowed_mentions: { roles: [...category.supportRoleIds] },
      });
      record.messageId = message.id;
      await deps.log.save(eventId, record);
    }
  } catch (err) {
    if (!isGone(err)) throw err;
    deps.logger.warn({ ticketId: ticket.id, channelId: place.channelId }, "the ticket's channel was deleted");
  }
  await deps.places.savePlace(ticket.id, {
    ...place,
    supportRoleIds: place.mode === 'channel' ? category.supportRoleIds : (place.supportRoleIds ?? []),
    categoryId: category.id,
  });
  await onTicketChanged(deps, ticket, occurredAtMs);
  record.done = true;
  await deps.log.save(eventId, record);
}
