import {
  type APIChatInputApplicationCommandInteraction,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  ApplicationCommandOptionType,
} from '@discordjs/core';
import { TicketPriority } from '@guildwire/contracts';
import type { CustomId } from './custom-ids.js';
import { ticketErrorAnswer, UserFacingError } from './error-answers.js';
import { modalValues } from './modal-values.js';
import { moveTicketHere, onCategoryChosen, onCategoryForm } from './ticket-category-interactions.js';
import { onRateButton, onRateModal } from './ticket-feedback.js';
import type { GuildInteraction, TicketInteractionDeps } from './ticket-interaction-types.js';
import { addToTicket, isTicketStaff, removeFromTicket } from './ticket-members.js';
import {
  closeReasonModal,
  openTicketModal,
  optionalText,
  requiredText,
  ticketFieldLimits,
} from './ticket-modals.js';
import { callOf, openTicket } from './ticket-open.js';

export type { GuildInteraction, TicketInteractionDeps } from './ticket-interaction-types.js';

/** Buttons: the panel's "open", and Claim / Close / Close with reason on the welcome message. */
export async function onTicketButton(
  ix: GuildInteraction,
  raw: APIMessageComponentInteraction,
  id: CustomId,
  deps: TicketInteractionDeps,
): Promise<void> {
  switch (id.action) {
    case 'ticket-panel':
      return ix.respond.modal(openTicketModal(id.id, ix.id));
    case 'ticket-category':
      return onCategoryChosen(ix, deps, id.id, id.extra);
    case 'ticket-pick':
      return onCategoryChosen(ix, deps, id.id, (raw.data as { values?: string[] }).values?.[0]);
    case 'ticket-close-reason':
      return ix.respond.modal(closeReasonModal(id.id));
    case 'ticket-claim':
      return ix.respond.answer(async () => {
        const ticket = await deps.calls.claim(callOf(ix), id.id);
        return { content: `You claimed ticket #${ticket.number}.` };
      }, ticketErrorAnswer);
    case 'ticket-close':
      return ix.respond.answer(async () => {
        const ticket = await deps.calls.close(callOf(ix), id.id, '');
        return { content: `Ticket #${ticket.number} is closed.` };
      }, ticketErrorAnswer);
    case 'ticket-rate':
      return onRateButton(ix, id);
    case 'ticket-close-accept':
    case 'ticket-close-deny': {
      const accept = id.action === 'ticket-close-accept';
      return ix.respond.answer(async () => {
        const ticket = await deps.calls.answerCloseRequest(callOf(ix), id.id, accept);
        return {
          content: accept ? `Ticket #${ticket.number} is closed.` : `Ticket #${ticket.number} stays open.`,
        };
      }, ticketErrorAnswer);
    }
    default:
      return ix.respond.reply({ content: 'This button is no longer in use.' });
  }
}

/** Modal submits: open a ticket, close with a reason. */
export async function onTicketModal(
  ix: GuildInteraction,
  raw: APIModalSubmitInteraction,
  id: CustomId,
  deps: TicketInteractionDeps,
): Promise<void> {
  const values = modalValues(raw.data);
  try {
    switch (id.action) {
      case 'ticket-open': {
        const subject = requiredText(values.get('subject'), 'subject', ticketFieldLimits.subject);
        const description = optionalText(
          values.get('description'),
          'description',
          ticketFieldLimits.description,
        );
        return await openTicket(ix, deps, { panelId: id.id, subject, description }, id.extra);
      }
      case 'ticket-form':
        return await onCategoryForm(ix, raw, id, deps);
      case 'ticket-rate-modal':
        return await onRateModal(ix, id, values.get('comment'), deps);
      case 'ticket-close-modal': {
        const reason = requiredText(values.get('reason'), 'reason', ticketFieldLimits.reason);
        return await ix.respond.answer(async () => {
          const ticket = await deps.calls.close(callOf(ix), id.id, reason);
          return { content: `Ticket #${ticket.number} is closed: ${reason}` };
        }, ticketErrorAnswer);
      }
      default:
        return await ix.respond.reply({ content: 'This form is no longer in use.' });
    }
  } catch (err) {
    if (err instanceof UserFacingError) return ix.respond.reply(ticketErrorAnswer(err));
    throw err;
  }
}

type Options = NonNullable<APIChatInputApplicationCommandInteraction['data']['options']>;

function stringOption(options: Options | undefined, name: string): string | undefined {
  const option = options?.find((o) => o.name === name);
  return option?.type === ApplicationCommandOptionType.String ? option.value : undefined;
}

function userOption(options: Options | undefined, name: string): string | undefined {
  const option = options?.find((o) => o.name === name);
  return option?.type === ApplicationCommandOptionType.User ? option.value : undefined;
}

const priorities: Record<string, TicketPriority> = {
  low: TicketPriority.LOW,
  normal: TicketPriority.NORMAL,
  high: TicketPriority.HIGH,
  urgent: TicketPriority.URGENT,
};

/** `/ticket add|remove user`: staff only; a Discord-only change of who sees the ticket. */
async function changeMembers(
  ix: GuildInteraction,
  deps: TicketInteractionDeps,
  ticketId: string,
  add: boolean,
  userId: string | undefined,
) {
  if (!userId) throw new UserFacingError('Name the member.');
  if (!(await isTicketStaff(deps.settings, ix.guildId, ix.actor)))
    throw new UserFacingError('Only staff can do that.');
  const place = await deps.places.place(ticketId);
  if (!place)
    throw new UserFacingError("This ticket's thread or channel is not ready yet. Try again in a moment.");
  if (add) await addToTicket(deps.api, place, userId);
  else await removeFromTicket(deps.api, place, userId);
  return {
    content: add ? `<@${userId}> can now see this ticket.` : `<@${userId}> no longer sees this ticket.`,
  };
}

/** `/ticket open|close|claim|unclaim`; the last three act on the ticket of the channel they run in. */
export async function onTicketCommand(
  ix: GuildInteraction,
  raw: APIChatInputApplicationCommandInteraction,
  deps: TicketInteractionDeps,
): Promise<void> {
  const sub = raw.data.options?.[0];
  if (sub?.type !== ApplicationCommandOptionType.Subcommand)
    return ix.respond.reply({
      content: 'Use /ticket open, close, claim, unclaim, priority, move, add or remove.',
    });
  const options = sub.options;
  try {
    if (sub.name === 'open') {
      const subject = requiredText(stringOption(options, 'subject'), 'subject', ticketFieldLimits.subject);
      const description = optionalText(
        stringOption(options, 'description'),
        'description',
        ticketFieldLimits.description,
      );
      return await openTicket(ix, deps, { subject, description });
    }
    const reason = optionalText(stringOption(options, 'reason'), 'reason', ticketFieldLimits.reason);
    return await ix.respond.answer(async () => {
      const ticketId = await deps.places.ticketOfChannel(ix.channelId);
      if (!ticketId)
        throw new UserFacingError(`/ticket ${sub.name} works inside a ticket's thread or channel.`);
      switch (sub.name) {
        case 'claim': {
          const ticket = await deps.calls.claim(callOf(ix), ticketId);
          return { content: `You claimed ticket #${ticket.number}.` };
        }
        case 'unclaim': {
          const ticket = await deps.calls.unclaim(callOf(ix), ticketId);
          return { content: `Ticket #${ticket.number} is back in the queue.` };
        }
        case 'close': {
          const ticket = await deps.calls.close(callOf(ix), ticketId, reason);
          return { content: `Ticket #${ticket.number} is closed.` };
        }
        case 'priority': {
          const level = stringOption(options, 'level') ?? '';
          const priority = priorities[level];
          if (priority === undefined)
            throw new UserFacingError('The priority is low, normal, high or urgent.');
          const ticket = await deps.calls.setPriority(callOf(ix), ticketId, priority);
          return { content: `Ticket #${ticket.number} is now ${level} priority.` };
        }
        case 'move':
          return moveTicketHere(ix, deps, ticketId, stringOption(options, 'category'));
        case 'add':
        case 'remove':
          return changeMembers(ix, deps, ticketId, sub.name === 'add', userOption(options, 'user'));
        default:
          throw new UserFacingError(`/ticket ${sub.name} is not available yet.`);
      }
    }, ticketErrorAnswer);
  } catch (err) {
    if (err instanceof UserFacingError) return ix.respond.reply(ticketErrorAnswer(err));
    throw err;
  }
}
