import type { APIModalInteractionResponseCallbackData } from '@discordjs/core';
import type { ResolvedTicketCategory } from '@guildwire/contracts';
import { customId } from './custom-ids.js';
import { openTicketModal } from './ticket-modals.js';

/** The text input of a question: keyed by its label, which is how the ticket service matches answers. */
const inputIdOf = (label: string) => `a:${label}`;

/** The panel id a form carries when `/ticket open` showed it: no panel (a panel's id is a UUID). */
export const noPanelId = 'command';

/**
 * The modal of a category: its questions (Discord enforces required and the length range before it
 * lets the member submit; the ticket service checks them again), or subject and description when
 * it has none. Its custom id carries the panel, the press (the open's idempotency key) and the
 * category, so any replica handles the submit.
 */
export function categoryModal(
  panelId: string,
  pressId: string,
  category: ResolvedTicketCategory,
): APIModalInteractionResponseCallbackData {
  const modalId = customId('ticket-form', panelId, pressId, category.id);
  const title = category.name.slice(0, 45);
  if (category.questions.length === 0)
    return { ...openTicketModal(panelId, pressId), custom_id: modalId, title };
  return {
    custom_id: modalId,
    title,
    components: category.questions.map((q) => ({
      type: 1,
      components: [
        {
          type: 4,
          custom_id: inputIdOf(q.label),
          label: q.label,
          style: q.style === 'paragraph' ? 2 : 1,
          required: q.required,
          ...(q.minLength > 0 ? { min_length: q.minLength } : {}),
          max_length: q.maxLength,
          ...(q.placeholder ? { placeholder: q.placeholder } : {}),
        },
      ],
    })),
  };
}

/** The answers of a submitted category form, by question label (what the member left out is ''). */
export function answersOf(
  category: ResolvedTicketCategory,
  values: ReadonlyMap<string, string>,
): { label: string; value: string }[] {
  return category.questions.map((q) => ({ label: q.label, value: values.get(inputIdOf(q.label)) ?? '' }));
}
