import {
  type APIChatInputApplicationCommandInteraction,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  ApplicationCommandOptionType,
} from '@discordjs/core';
import type { TicketPlaces } from '../state/ticket-places.js';
import type { InteractionActor } from './actor.js';
import type { CustomId } from './custom-ids.js';
import { ticketErrorAnswer, UserFacingError } from './error-answers.js';
import { modalValues } from './modal-values.js';
import type { Responder } from './responder.js';
import type { InteractionCall, TicketCalls } from './ticket-calls.js';
import {
  closeReasonModal,
  openTicketModal,
  optionalText,
  requiredText,
  ticketFieldLimits,
} from './ticket-modals.js';

/** What the ticket handlers use. */
export interface TicketInteractionDeps {
  readonly calls: TicketCalls;
  readonly places: TicketPlaces;
}

/** One guild interaction, decoded: who, where, and how to answer. */
export interface GuildInteraction {
  readonly id: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly actor: InteractionActor;
  readonly respond: Responder;
}

const callOf = (ix: GuildInteraction, key = ix.id): InteractionCall => ({
  guildId: ix.guildId,
  actor: ix.actor,
  interactionId: key,
});

async function openTicket(
  ix: GuildInteraction,
  deps: TicketInteractionDeps,
  input: { panelId?: string; subject: string; description: string },
  key = ix.id,
) {
  await ix.respond.answer(async () => {
    // Remembered before the ticket exists: its ticket.opened event may be handled at once.
    await deps.places.rememberOrigin(key, ix.channelId);
    const ticket = await deps.calls.open(callOf(ix, key), input);
    return { content: `Ticket #${ticket.number} is open: staff will answer in its private thread.` };
  }, ticketErrorAnswer);
}

/** Buttons: the panel's "open", and Claim / Close / Close with reason on the welcome message. */
export async function onTicketButton(
  ix: GuildInteraction,
  _raw: APIMessageComponentInteraction,
  id: CustomId,
  deps: TicketInteractionDeps,
): Promise<void> {
  switch (id.action) {
    case 'ticket-panel':
      return ix.respond.modal(openTicketModal(id.id, ix.id));
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

/** `/ticket open|close|claim|unclaim`; the last three act on the ticket of the channel they run in. */
export async function onTicketCommand(
  ix: GuildInteraction,
  raw: APIChatInputApplicationCommandInteraction,
  deps: TicketInteractionDeps,
): Promise<void> {
  const sub = raw.data.options?.[0];
  if (sub?.type !== ApplicationCommandOptionType.Subcommand)
    return ix.respond.reply({ content: 'Use /ticket open, close, claim or unclaim.' });
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
        default:
          throw new UserFacingError(`/ticket ${sub.name} is not available yet.`);
      }
    }, ticketErrorAnswer);
  } catch (err) {
    if (err instanceof UserFacingError) return ix.respond.reply(ticketErrorAnswer(err));
    throw err;
  }
}
