import type { ChangeContext, TicketChange } from './change.js';
import { answerCloseRequest } from './close-request-transitions.js';
import type { TicketMessage } from './conversation.js';
import type { Ticket } from './ticket.js';

/**
 * When a message newly kept in a ticket's conversation was activity on the ticket, or null when it
 * was not: a person wrote it (in Discord, or on the dashboard — the bot posts those with the reply's
 * id), and the ticket is not closed. The bot's own messages (welcome, close request, panels) are
 * not activity: a ticket where only the bot speaks is the one inactivity should close.
 *
 * The time is when Discord says the message was written (its snowflake), so a message fetched by
 * a backfill hours later counts for when it was written, not for when it arrived; never later than
 * `now` (Discord's clock may run ahead of ours).
 */
export function messageActivityAt(ticket: Ticket, message: TicketMessage, now: Date): Date | null {
  if (ticket.status === 'closed') return null;
  if (message.author.bot && !message.replyId) return null;
  return message.createdAt.getTime() < now.getTime() ? message.createdAt : now;
}

/**
 * Whether the message is the opener writing in Discord after staff asked to close: they answer
 * the request by writing ("wait, it still fails"), so it should not close under them at its
 * deadline. Only the opener's own messages written after the request count — staff following up
 * on their own request, or a backfilled message from before it, do not.
 */
export function answersCloseRequest(ticket: Ticket, message: TicketMessage): boolean {
  const pending = ticket.closeRequest;
  return (
    pending !== null &&
    pending.status === 'pending' &&
    ticket.status !== 'closed' &&
    !message.author.bot &&
    message.author.id === ticket.openerId &&
    message.createdAt.getTime() > pending.createdAt.getTime()
  );
}

/**
 * The opener wrote while a close request waited on them: the request is declined in their name
 * (as if they had pressed Deny). Decided on the locked ticket, so a request answered or expired
 * meanwhile changes nothing (null) instead of failing the message's recording.
 */
export function declineByMessage(ticket: Ticket, ctx: ChangeContext, message: TicketMessage): TicketChange {
  if (!answersCloseRequest(ticket, message)) return null;
  return answerCloseRequest(ticket, ctx, false);
}

/** The opener writes a dashboard reply while staff wait on a close request: declined, as above. */
export function declinePending(ticket: Ticket, ctx: ChangeContext): TicketChange {
  if (ticket.status === 'closed' || ticket.closeRequest?.status !== 'pending') return null;
  return answerCloseRequest(ticket, ctx, false);
}
