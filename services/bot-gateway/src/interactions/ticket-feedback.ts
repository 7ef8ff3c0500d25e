import type { APIModalInteractionResponseCallbackData } from '@discordjs/core';
import { type CustomId, customId } from './custom-ids.js';
import { ticketErrorAnswer } from './error-answers.js';
import type { GuildInteraction, TicketInteractionDeps } from './ticket-interaction-types.js';
import { optionalText } from './ticket-modals.js';
import { callOf } from './ticket-open.js';

/** The ticket service's limit of a rating's comment (services/ticket domain/limits). */
export const feedbackCommentLimit = 400;

const ratings = ['1', '2', '3', '4', '5'] as const;

/** The five rating buttons of a closed ticket's feedback message (one row, 1 to 5 stars). */
export function ratingButtons(ticketId: string, openerId: string) {
  return [
    {
      type: 1 as const,
      components: ratings.map((rating) => ({
        type: 2 as const,
        style: 2 as const,
        label: `${rating} ★`,
        custom_id: customId('ticket-rate', ticketId, rating, openerId),
      })),
    },
  ];
}

/** The modal a rating button opens: an optional comment; the rating rides in its custom id. */
export function feedbackModal(ticketId: string, rating: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId('ticket-rate-modal', ticketId, rating),
    title: `Your rating: ${rating} of 5`,
    components: [
      {
        type: 1,
        components: [
          {
            type: 4,
            custom_id: 'comment',
            label: 'Anything to add? (optional)',
            style: 2,
            max_length: feedbackCommentLimit,
            required: false,
          },
        ],
      },
    ],
  };
}

const ratingOf = (raw: string | undefined) =>
  ratings.includes(raw as (typeof ratings)[number]) ? Number(raw) : undefined;

/**
 * A rating button: the opener gets the comment modal; anyone else (staff, a member added to the
 * thread) is told at once that the rating is not theirs, without a modal to fill in for nothing.
 * The ticket service checks the opener again on submit: the button's opener id is only a shortcut.
 */
export async function onRateButton(ix: GuildInteraction, id: CustomId): Promise<void> {
  const rating = ratingOf(id.extra);
  if (rating === undefined) return ix.respond.reply({ content: 'This button is no longer in use.' });
  if (id.third !== undefined && id.third !== ix.actor.userId)
    return ix.respond.reply({ content: 'Only the member who opened this ticket can rate it.' });
  return ix.respond.modal(feedbackModal(id.id, String(rating)));
}

/** The comment modal submitted → cmd.ticket.feedback; the answer thanks, or says why not. */
export async function onRateModal(
  ix: GuildInteraction,
  id: CustomId,
  comment: string | undefined,
  deps: TicketInteractionDeps,
): Promise<void> {
  const rating = ratingOf(id.extra);
  if (rating === undefined) return ix.respond.reply({ content: 'This form is no longer in use.' });
  const text = optionalText(comment, 'comment', feedbackCommentLimit);
  return ix.respond.answer(async () => {
    const ticket = await deps.calls.feedback(callOf(ix), id.id, rating, text);
    return { content: `Thank you for rating ticket #${ticket.number}: ${rating} of 5.` };
  }, ticketErrorAnswer);
}
