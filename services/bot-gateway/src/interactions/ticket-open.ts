import { ticketErrorAnswer } from './error-answers.js';
import type { Answer } from './responder.js';
import type { InteractionCall, OpenInput } from './ticket-calls.js';
import type { GuildInteraction, TicketInteractionDeps } from './ticket-interaction-types.js';

/** The command call of an interaction, keyed (idempotency, correlation) by `key`. */
export const callOf = (ix: GuildInteraction, key = ix.id): InteractionCall => ({
  guildId: ix.guildId,
  actor: ix.actor,
  interactionId: key,
});

/**
 * Opens a ticket for the member of `ix`, keyed by `key` (the panel press: a form submitted twice
 * opens one ticket), and answers with its number, or with `toAnswer`'s sentence for a refusal.
 */
export async function openTicket(
  ix: GuildInteraction,
  deps: TicketInteractionDeps,
  input: OpenInput,
  key = ix.id,
  toAnswer: (err: unknown) => Answer = ticketErrorAnswer,
) {
  await ix.respond.answer(async () => {
    // Remembered before the ticket exists: its ticket.opened event may be handled at once.
    await deps.places.rememberOrigin(key, ix.channelId);
    const ticket = await deps.calls.open(callOf(ix, key), input);
    return { content: `Ticket #${ticket.number} is open: staff will answer in its private thread.` };
  }, toAnswer);
}
