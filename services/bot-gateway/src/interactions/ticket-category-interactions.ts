import type { APIModalSubmitInteraction } from '@discordjs/core';
import { CommandRejectedError } from '@guildwire/bus';
import {
  type ResolvedTicketCategory,
  resolveTicketCategory,
  type TicketsSettings,
  ticketCategories,
} from '@guildwire/contracts';
import { answersOf, categoryModal, noPanelId } from './category-form.js';
import type { CustomId } from './custom-ids.js';
import { detail, ticketErrorAnswer, UserFacingError } from './error-answers.js';
import { modalValues } from './modal-values.js';
import type { Answer } from './responder.js';
import { refusalBeforeForm } from './ticket-blacklist.js';
import type { GuildInteraction, TicketInteractionDeps } from './ticket-interaction-types.js';
import { optionalText, requiredText, ticketFieldLimits } from './ticket-modals.js';
import { openTicket } from './ticket-open.js';

const noLongerOffered: Answer = {
  content: 'This category is no longer offered. Ask a moderator to update the panel.',
};

async function settingsOf(deps: TicketInteractionDeps, guildId: string): Promise<TicketsSettings> {
  return (await deps.settings.get(guildId, 'tickets')).settings;
}

/** A category chosen on a panel (its button, or the menu): its form, as a modal. */
export async function onCategoryChosen(
  ix: GuildInteraction,
  deps: TicketInteractionDeps,
  panelId: string,
  categoryId: string | undefined,
): Promise<void> {
  // Both before the modal, which must be the press's first answer: asked at once, not one by one.
  const [settings, refusal] = await Promise.all([settingsOf(deps, ix.guildId), refusalBeforeForm(ix, deps)]);
  if (refusal) return ix.respond.reply(refusal);
  const category = categoryId && resolveTicketCategory(settings, categoryId);
  if (!category) return ix.respond.reply(noLongerOffered);
  return ix.respond.modal(categoryModal(panelId, ix.id, category));
}

/** What the member reads when the form was refused: the questions named, the category's limit. */
export function formErrorAnswer(category: ResolvedTicketCategory) {
  return (err: unknown): Answer => {
    if (err instanceof CommandRejectedError && err.code === 'GW_ERR_VALIDATION' && err.fieldErrors.length > 0)
      return { content: `Your ticket was not opened: ${err.fieldErrors.map((f) => f.message).join('; ')}.` };
    if (err instanceof CommandRejectedError && err.code === 'TICKET_ERR_OPEN_LIMIT') {
      const limit = detail(err, 'limit');
      return {
        content: `You already have ${typeof limit === 'number' ? limit : 'the most'} open tickets in ${category.name}, the limit. Close one to open another.`,
      };
    }
    return ticketErrorAnswer(err);
  };
}

/** A category's form submitted: the ticket opens in that category with the answers. */
export async function onCategoryForm(
  ix: GuildInteraction,
  raw: APIModalSubmitInteraction,
  id: CustomId,
  deps: TicketInteractionDeps,
): Promise<void> {
  const category = id.third && resolveTicketCategory(await settingsOf(deps, ix.guildId), id.third);
  if (!category) return ix.respond.reply(noLongerOffered);
  const values = modalValues(raw.data);
  const input =
    category.questions.length > 0
      ? { subject: '', description: '', answers: answersOf(category, values) }
      : {
          subject: requiredText(values.get('subject'), 'subject', ticketFieldLimits.subject),
          description: optionalText(values.get('description'), 'description', ticketFieldLimits.description),
        };
  return openTicket(
    ix,
    deps,
    { ...(id.id === noPanelId ? {} : { panelId: id.id }), categoryId: category.id, ...input },
    id.extra,
    formErrorAnswer(category),
  );
}

/** The category `/ticket move` names: its id, or its name in any case. */
export function categoryNamed(settings: TicketsSettings, given: string): ResolvedTicketCategory | undefined {
  const wanted = given.trim().toLowerCase();
  return ticketCategories(settings).find((c) => c.id === wanted || c.name.toLowerCase() === wanted);
}

/** Autocomplete of `/ticket move category`: the guild's categories matching what was typed (25 at most). */
export function categoryChoices(settings: TicketsSettings, typed: string): { name: string; value: string }[] {
  const wanted = typed.trim().toLowerCase();
  return ticketCategories(settings)
    .filter((c) => wanted === '' || c.name.toLowerCase().includes(wanted) || c.id.includes(wanted))
    .slice(0, 25)
    .map((c) => ({ name: `${c.emoji ? `${c.emoji} ` : ''}${c.name}`.slice(0, 100), value: c.id }));
}

/** `/ticket move category` in a ticket's thread or channel (staff; the ticket service decides). */
export async function moveTicketHere(
  ix: GuildInteraction,
  deps: TicketInteractionDeps,
  ticketId: string,
  given: string | undefined,
): Promise<Answer> {
  const settings = await settingsOf(deps, ix.guildId);
  const category = given ? categoryNamed(settings, given) : undefined;
  if (!category) {
    const known = ticketCategories(settings)
      .map((c) => `${c.name} (${c.id})`)
      .join(', ');
    throw new UserFacingError(`There is no category "${given ?? ''}". The categories are: ${known}.`);
  }
  const { ticket, overLimit } = await deps.calls.move(
    { guildId: ix.guildId, actor: ix.actor, interactionId: ix.id },
    ticketId,
    category.id,
  );
  const moved = `Ticket #${ticket.number} is now in ${category.name}.`;
  if (!overLimit) return { content: moved };
  return {
    content: `${moved} Note: <@${ticket.openerId}> now has ${overLimit.active} open tickets there, over its limit of ${overLimit.limit} (staff may move past it).`,
  };
}
