import { ticketErrors } from '../errors.js';
import { advance, type ChangeContext, type TicketChange } from './change.js';
import type { Caller, Ticket } from './ticket.js';

/** What the opener gives: a rating of 1 to 5 and an optional comment (blank = none). */
export interface FeedbackInput {
  readonly rating: number;
  readonly comment?: string | undefined;
}

/**
 * Only the opener may rate, and anyone else hears why (403 naming the rule, not the 404 other
 * changes answer for a hidden ticket): the rating buttons sit in the ticket's Discord thread, where
 * staff and added members press them too, and they should be told it is not theirs to press.
 */
export function requireOpener(ticket: Ticket, caller: Caller): void {
  if (caller.userId !== ticket.openerId) throw new ticketErrors.TICKET_ERR_NOT_OPENER(ticket.id);
}

/**
 * The opener rates a closed ticket, once: a second rating, or one while the ticket is open again,
 * is refused (409). The rated staff member is whoever held the ticket when it closed. The guild may
 * ask for no feedback (`feedbackOnClose` off): then nobody rates. A new version, so the dashboard's
 * snapshot and If-Match follow.
 */
export function submitFeedback(ticket: Ticket, ctx: ChangeContext, input: FeedbackInput): TicketChange {
  requireOpener(ticket, ctx.caller);
  if (!ctx.settings.feedbackOnClose) throw new ticketErrors.TICKET_ERR_FEEDBACK_OFF();
  if (ticket.feedback) throw new ticketErrors.TICKET_ERR_FEEDBACK_EXISTS(ticket.id);
  if (ticket.status !== 'closed') throw new ticketErrors.TICKET_ERR_NOT_CLOSED(ticket.id);
  const comment = input.comment?.trim() ?? '';
  const feedback = {
    rating: input.rating,
    comment: comment === '' ? null : comment,
    submittedAt: ctx.now,
    staffId: ticket.assigneeId,
  };
  return { ticket: advance(ticket, ctx, { feedback }), event: { type: 'feedback_submitted', feedback } };
}
