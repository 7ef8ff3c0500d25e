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
import { refusalBeforeForm } from './ticket-blacklist.js';
import { moveTicketHere, onCategoryChosen, onCategoryForm } from './ticket-category-interactions.js';
import { onRateButton, onRateModal } from './ticket-feedback.js';
import type { GuildInteraction, TicketInteractionDeps } from './ticket-interaction-types.js';
import {
  closeReasonModal,
  openTicketModal,
  optionalText,
  requiredText,
  ticketFieldLimits,
} from './ticket-modals.js';
import { callOf, openTicket } from './ticket-open.js';
import { openFromCommand } from './ticket-open-command.js';

export type { GuildInteraction, TicketInteractionDeps } from './ticket-interaction-types.js';

/** Buttons: the panel's "open", and Claim / Close / Close with reason on the welcome message. */
export async function onTicketButton(
  ix: GuildInteraction,
  raw: APIMessageComponentInteraction,
  id: CustomId,
  deps: TicketInteractionDeps,
): Promise<void> {
  switch (id.action) {
    case 'ticket-panel': {
      const refusal = await refusalBeforeForm(ix, deps);
      if (refusal) return ix.respond.reply(refusal);
      return ix.respond.modal(openTicketModal(id.id, ix.id));
    }
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

/**
 * `/ticket add|remove user`: the ticket service decides (staff only, never the opener, a member of
 * the guild); the bot lets the user in or out when the event comes back (effects/ticket-members.ts).
 */
async function changeMembers(
  ix: GuildInteraction,
  deps: TicketInteractionDeps,
  ticketId: string,
  add: boolean,
  userId: string | undefined,
) {
  if (!userId) throw new UserFacingError('Name the member.');
  await deps.calls.changeMember(callOf(ix), ticketId, userId, add);
  return {
    content: add ? `<@${userId}> can now see this ticket.` : `<@${userId}> no longer sees this ticket.`,
  };
}

/** `/ticket transfer user`: the assignee (or an admin) hands the ticket to another staff member. */
async function transferTicket(
  ix: GuildInteraction,
  deps: TicketInteractionDeps,
  ticketId: string,
  userId: string | undefined,
) {
  if (!userId) throw new UserFacingError('Name the staff member.');
  const ticket = await deps.calls.transfer(callOf(ix), ticketId, userId);
  return { content: `Ticket #${ticket.number} is now handled by <@${userId}>.` };
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
      content: 'Use /ticket open, close, claim, unclaim, priority, move, add, remove or transfer.',
    });
  const options = sub.options;
  try {
    if (sub.name === 'open')
      return await openFromCommand(ix, deps, {
        subject: stringOption(options, 'subject'),
        description: stringOption(options, 'description'),
        category: stringOption(options, 'category'),
      });
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
        case 'transfer':
          return transferTicket(ix, deps, ticketId, userOption(options, 'user'));
        default:
          throw new UserFacingError(`/ticket ${sub.name} is not available yet.`);
      }
    }, ticketErrorAnswer);
  } catch (err) {
    if (err instanceof UserFacingError) return ix.respond.reply(ticketErrorAnswer(err));
    throw err;
  }
}
