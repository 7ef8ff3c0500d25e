import type { Ticket } from '@guildwire/contracts';
import { customId } from '../interactions/custom-ids.js';
import { ratingButtons } from '../interactions/ticket-feedback.js';
import { findMessageWithButton } from './find-message.js';
import { isGone, onTicketChanged, placeOfEvent, type TicketEffectDeps } from './ticket-effects.js';

/**
 * ticket.closed → when the guild asks for feedback (`feedbackOnClose`) and the ticket has none
 * yet, a message in the ticket's thread or channel asks the opener to rate it (five buttons, then
 * a modal for a comment), posted before the thread is archived and locked (a locked thread takes
 * no new message, but its buttons still answer). Then the welcome message and the lock follow as
 * for any change. The prompt is recorded under the event id, so a redelivery never posts it twice:
 * once per close event (a reopened ticket closed again without a rating asks again).
 */
export async function onTicketClosed(
  deps: TicketEffectDeps,
  eventId: string,
  ticket: Ticket,
  occurredAtMs: number,
) {
  const record = await deps.log.get(eventId);
  if (record.done) return;
  const place = await placeOfEvent(deps, ticket.id, occurredAtMs);
  if (!place) return;
  const { settings } = await deps.settings.get(ticket.guildId, 'tickets');
  if (settings.feedbackOnClose && !ticket.feedback && !record.messageId && ticket.version > place.version) {
    try {
      const first = customId('ticket-rate', ticket.id, '1', ticket.openerId);
      const found = record.posting
        ? await findMessageWithButton(deps.api, place.channelId, first)
        : undefined;
      if (!found) {
        record.posting = true;
        await deps.log.save(eventId, record);
      }
      const message =
        found ??
        (await deps.api.channels.createMessage(place.channelId, {
          content: `<@${ticket.openerId}>, this ticket is closed. How did we do? Rate it from 1 (bad) to 5 (excellent).`,
          components: ratingButtons(ticket.id, ticket.openerId),
          allowed_mentions: { users: [ticket.openerId] },
        }));
      record.messageId = message.id;
      await deps.log.save(eventId, record);
    } catch (err) {
      if (!isGone(err)) throw err;
    }
  }
  await onTicketChanged(deps, ticket, occurredAtMs);
  record.done = true;
  await deps.log.save(eventId, record);
}
