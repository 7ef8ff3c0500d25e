import { ticketErrors } from '../errors.js';
import { advance, type ChangeContext, type TicketChange } from './change.js';
import { requireOpenerOrStaff, requireStaff } from './permissions.js';
import type { CloseRequest, Ticket } from './ticket.js';
import { closeTicket } from './ticket-transitions.js';

/** Staff asks the opener to agree to close; without an answer the ticket closes at the deadline. */
export function requestTicketClose(
  ticket: Ticket,
  ctx: ChangeContext,
  request: { readonly id: string; readonly reason: string; readonly timeoutMs?: number },
): TicketChange {
  requireStaff(ctx.caller, 'request a close');
  if (ticket.status === 'closed') throw new ticketErrors.TICKET_ERR_CLOSED(ticket.id);
  if (ticket.closeRequest) throw new ticketErrors.TICKET_ERR_CLOSE_REQUEST_PENDING(ticket.id);
  const closeRequest: CloseRequest = {
    id: request.id,
    requesterId: ctx.caller.userId,
    reason: request.reason,
    deadline: new Date(ctx.now.getTime() + (request.timeoutMs ?? ctx.settings.closeRequestTimeoutMs)),
    status: 'pending',
    createdAt: ctx.now,
    resolvedAt: null,
    resolvedBy: null,
  };
  return {
    ticket: advance(ticket, ctx, { closeRequest }, true),
    event: { type: 'close_requested', closeRequest },
  };
}

/** The opener (or staff) answers: accept closes the ticket, decline keeps it open. */
export function answerCloseRequest(ticket: Ticket, ctx: ChangeContext, accept: boolean): TicketChange {
  requireOpenerOrStaff(ticket, ctx.caller, 'answer this close request');
  const pending = ticket.closeRequest;
  if (!pending || ticket.status === 'closed') throw new ticketErrors.TICKET_ERR_NO_CLOSE_REQUEST(ticket.id);
  if (accept) return closeTicket(ticket, ctx, pending.reason, 'close_request_accepted');
  const closeRequest: CloseRequest = {
    ...pending,
    status: 'declined',
    resolvedAt: ctx.now,
    resolvedBy: ctx.caller.userId,
  };
  return {
    ticket: advance(ticket, ctx, { closeRequest: null }),
    event: { type: 'close_request_declined', closeRequest },
  };
}

/**
 * What a due timer does to a ticket (the scheduler's whole decision): close it when its close
 * request's deadline or its inactivity deadline has passed; nothing when the ticket moved on.
 */
export function fireDueTimers(ticket: Ticket, ctx: ChangeContext): TicketChange {
  if (ticket.status === 'closed') return null;
  const now = ctx.now.getTime();
  const request = ticket.closeRequest;
  if (request && request.deadline.getTime() <= now) {
    return closeTicket(ticket, ctx, request.reason, 'close_request_expired');
  }
  if (ticket.autoCloseAt && ticket.autoCloseAt.getTime() <= now) {
    return closeTicket(ticket, ctx, 'Closed after a period of inactivity', 'inactivity');
  }
  return null;
}
