import { type API, OverwriteType, PermissionFlagsBits } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import type { Ticket } from '@guildwire/contracts';
import type { TicketPlace } from '../state/ticket-places.js';
import { isGone, onTicketChanged, placeOfEvent, type TicketEffectDeps } from './ticket-effects.js';

const memberAccess =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AttachFiles;

// 10007 Unknown Member / 10013 Unknown User: the user left the guild (or never was in it).
const isUnknownMember = (err: unknown) =>
  err instanceof DiscordAPIError && (err.code === 10007 || err.code === 10013);

/** Lets a user into a ticket: a thread member, or a member overwrite on the channel (idempotent). */
export async function letIntoTicket(api: API, place: TicketPlace, userId: string): Promise<void> {
  if (place.mode === 'thread') await api.threads.addMember(place.channelId, userId);
  else
    await api.channels.editPermissionOverwrite(place.channelId, userId, {
      type: OverwriteType.Member,
      allow: String(memberAccess),
    });
}

/** Takes a user out of a ticket again. */
async function keepOutOfTicket(api: API, place: TicketPlace, userId: string): Promise<void> {
  if (place.mode === 'thread') await api.threads.removeMember(place.channelId, userId);
  else await api.channels.deletePermissionOverwrite(place.channelId, userId);
}

/**
 * ticket.member_added / member_removed → the user is let into (or out of) the ticket's thread or
 * channel, and the welcome message shows the members. Once per event (the effect log), and
 * order-proof per user: the place keeps the ticket version last applied to each member, so an add
 * retried after the later remove was applied changes nothing.
 */
export async function onMemberChanged(
  deps: TicketEffectDeps,
  eventId: string,
  ticket: Ticket,
  memberId: string,
  added: boolean,
  occurredAtMs: number,
) {
  const record = await deps.log.get(eventId);
  if (record.done) return;
  const place = await placeOfEvent(deps, ticket.id, occurredAtMs);
  if (!place) return;
  if (ticket.version > (place.memberVersions?.[memberId] ?? 0)) {
    try {
      if (added) await letIntoTicket(deps.api, place, memberId);
      else await keepOutOfTicket(deps.api, place, memberId);
    } catch (err) {
      if (!isGone(err) && !isUnknownMember(err)) throw err;
      deps.logger.warn(
        { ticketId: ticket.id, channelId: place.channelId, memberId, code: (err as DiscordAPIError).code },
        "the ticket's channel is gone or the user is not in the guild; member not changed in Discord",
      );
    }
    const memberVersions = { ...place.memberVersions, [memberId]: ticket.version };
    await deps.places.savePlace(ticket.id, { ...place, memberVersions });
  }
  await onTicketChanged(deps, ticket, occurredAtMs);
  record.done = true;
  await deps.log.save(eventId, record);
}

/**
 * ticket.transferred → the new assignee is let into a thread (a channel already lets staff in by
 * role), a notice pings them once, and the welcome message shows them as it does after a claim.
 */
export async function onTicketTransferred(
  deps: TicketEffectDeps,
  eventId: string,
  ticket: Ticket,
  previousAssigneeId: string,
  occurredAtMs: number,
) {
  const record = await deps.log.get(eventId);
  if (record.done) return;
  const place = await placeOfEvent(deps, ticket.id, occurredAtMs);
  if (!place) return;
  const assigneeId = ticket.assigneeId ?? '';
  try {
    if (place.mode === 'thread' && assigneeId)
      await letIntoTicket(deps.api, place, assigneeId).catch((err: unknown) => {
        if (!isUnknownMember(err)) throw err;
      });
    if (!record.messageId && assigneeId) {
      const message = await deps.api.channels.createMessage(place.channelId, {
        content: `<@${assigneeId}> now handles this ticket (transferred from <@${previousAssigneeId}>).`,
        allowed_mentions: { users: [assigneeId] },
      });
      record.messageId = message.id;
      await deps.log.save(eventId, record);
    }
  } catch (err) {
    if (!isGone(err)) throw err;
    deps.logger.warn({ ticketId: ticket.id, channelId: place.channelId }, "the ticket's channel was deleted");
  }
  await onTicketChanged(deps, ticket, occurredAtMs);
  record.done = true;
  await deps.log.save(eventId, record);
}
