import type { APIModalInteractionResponseCallbackData } from '@discordjs/core';
import { customId } from './custom-ids.js';
import { UserFacingError } from './error-answers.js';

/** Field limits of the ticket service (services/ticket domain/limits): refused here with a clear reply. */
export const ticketFieldLimits = { subject: 100, description: 4000, reason: 500 } as const;

/**
 * The modal a panel button opens: subject and description. Its custom id carries the button
 * press's interaction id, the open's idempotency key: a modal submitted twice opens one ticket.
 */
export function openTicketModal(panelId: string, pressId: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId('ticket-open', panelId, pressId),
    title: 'Open a ticket',
    components: [
      {
        type: 1,
        components: [
          {
            type: 4,
            custom_id: 'subject',
            label: 'Subject',
            style: 1,
            min_length: 1,
            max_length: ticketFieldLimits.subject,
            required: true,
          },
        ],
      },
      {
        type: 1,
        components: [
          {
            type: 4,
            custom_id: 'description',
            label: 'What do you need help with?',
            style: 2,
            max_length: ticketFieldLimits.description,
            required: false,
          },
        ],
      },
    ],
  };
}

/** The modal of "Close with reason". */
export function closeReasonModal(ticketId: string): APIModalInteractionResponseCallbackData {
  return {
    custom_id: customId('ticket-close-modal', ticketId),
    title: 'Close the ticket',
    components: [
      {
        type: 1,
        components: [
          {
            type: 4,
            custom_id: 'reason',
            label: 'Reason',
            style: 2,
            min_length: 1,
            max_length: ticketFieldLimits.reason,
            required: true,
          },
        ],
      },
    ],
  };
}

/** A required text field, trimmed; throws a UserFacingError when empty or too long. */
export function requiredText(value: string | undefined, label: string, max: number): string {
  const text = (value ?? '').trim();
  if (text === '') throw new UserFacingError(`The ${label} cannot be empty.`);
  return optionalText(text, label, max);
}

/** An optional text field, trimmed; throws a UserFacingError when too long. */
export function optionalText(value: string | undefined, label: string, max: number): string {
  const text = (value ?? '').trim();
  if (text.length > max) throw new UserFacingError(`The ${label} is too long (at most ${max} characters).`);
  return text;
}
