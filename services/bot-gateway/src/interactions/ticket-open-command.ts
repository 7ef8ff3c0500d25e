import { ticketCategories } from '@guildwire/contracts';
import { categoryModal, noPanelId } from './category-form.js';
import { UserFacingError } from './error-answers.js';
import { categoryNamed, formErrorAnswer } from './ticket-category-interactions.js';
import type { GuildInteraction, TicketInteractionDeps } from './ticket-interaction-types.js';
import { optionalText, requiredText, ticketFieldLimits } from './ticket-modals.js';
import { openTicket } from './ticket-open.js';

/** What `/ticket open` was given (each option optional to Discord). */
export interface OpenCommandOptions {
  readonly subject: string | undefined;
  readonly description: string | undefined;
  readonly category: string | undefined;
}

/**
 * `/ticket open [subject] [description] [category]`: without a category, the general one (a subject
 * is needed). A named category with questions, or one given no subject, shows its form as a modal,
 * as its panel button does; otherwise the ticket opens in it at once.
 */
export async function openFromCommand(
  ix: GuildInteraction,
  deps: TicketInteractionDeps,
  given: OpenCommandOptions,
): Promise<void> {
  const description = optionalText(given.description, 'description', ticketFieldLimits.description);
  if (given.category === undefined) {
    const subject = requiredText(given.subject, 'subject', ticketFieldLimits.subject);
    return openTicket(ix, deps, { subject, description });
  }
  const settings = (await deps.settings.get(ix.guildId, 'tickets')).settings;
  const category = categoryNamed(settings, given.category);
  if (!category) {
    const known = ticketCategories(settings)
      .map((c) => `${c.name} (${c.id})`)
      .join(', ');
    throw new UserFacingError(`There is no category "${given.category}". The categories are: ${known}.`);
  }
  if (category.questions.length > 0 || !given.subject?.trim())
    return ix.respond.modal(categoryModal(noPanelId, ix.id, category));
  const subject = requiredText(given.subject, 'subject', ticketFieldLimits.subject);
  return openTicket(
    ix,
    deps,
    { categoryId: category.id, subject, description },
    ix.id,
    formErrorAnswer(category),
  );
}
