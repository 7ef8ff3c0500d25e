import { ticketErrors } from '../errors.js';
import { advance, type ChangeContext, type TicketChange } from './change.js';
import { requireOpenerOrStaff, requireStaff } from './permissions.js';
import type { Attachment, CloseCause, CloseRequest, Comment, Ticket, TicketPriority } from './ticket.js';

function requireNotClosed(ticket: Ticket): void {
  if (ticket.status === 'closed') throw new ticketErrors.TICKET_ERR_CLOSED(ticket.id);
}

/** Staff takes the ticket. Exactly one claimer wins: the caller locks the row before deciding. */
export function claimTicket(ticket: Ticket, ctx: ChangeContext): TicketChange {
  requireStaff(ctx.caller, 'claim tickets');
  requireNotClosed(ticket);
  if (ticket.status === 'claimed') {
    // A retried claim by the winner is a success that changes nothing.
    if (ticket.assigneeId === ctx.caller.userId) return null;
    throw new ticketErrors.TICKET_ERR_ALREADY_CLAIMED(ticket.assigneeId ?? 'someone').withDetails({
      assigneeId: ticket.assigneeId,
    });
  }
  return {
    ticket: advance(ticket, ctx, { status: 'claimed', assigneeId: ctx.caller.userId }, true),
    event: { type: 'claimed', claimerId: ctx.caller.userId },
  };
}

/** The ticket goes back to the queue. */
export function unclaimTicket(ticket: Ticket, ctx: ChangeContext): TicketChange {
  requireStaff(ctx.caller, 'unclaim tickets');
  requireNotClosed(ticket);
  if (ticket.status !== 'claimed' || ticket.assigneeId === null)
    throw new ticketErrors.TICKET_ERR_NOT_CLAIMED(ticket.id);
  return {
    ticket: advance(ticket, ctx, { status: 'open', assigneeId: null }),
    event: { type: 'unclaimed', previousAssigneeId: ticket.assigneeId },
  };
}

/** Staff hands the ticket to someone (claimed on their behalf). */
export function assignTicket(ticket: Ticket, ctx: ChangeContext, assigneeId: string): TicketChange {
  requireStaff(ctx.caller, 'assign tickets');
  requireNotClosed(ticket);
  if (ticket.assigneeId === assigneeId) return null;
  return {
    ticket: advance(ticket, ctx, { status: 'claimed', assigneeId }, true),
    event: { type: 'assigned', previousAssigneeId: ticket.assigneeId },
  };
}

/** Staff changes the priority. */
export function setTicketPriority(
  ticket: Ticket,
  ctx: ChangeContext,
  priority: TicketPriority,
): TicketChange {
  requireStaff(ctx.caller, 'change the priority');
  requireNotClosed(ticket);
  if (ticket.priority === priority) return null;
  return {
    ticket: advance(ticket, ctx, { priority }),
    event: { type: 'priority_changed', previousPriority: ticket.priority },
  };
}

/** The editable fields of a ticket; absent ones stay as they are. */
export interface TicketEdit {
  readonly subject?: string;
  readonly description?: string;
  readonly category?: string;
  readonly tags?: readonly string[];
}

/** Staff or the opener edits subject, description, category or tags. */
export function editTicket(ticket: Ticket, ctx: ChangeContext, edit: TicketEdit): TicketChange {
  requireOpenerOrStaff(ticket, ctx.caller, 'edit this ticket');
  requireNotClosed(ticket);
  if ((edit.category !== undefined || edit.tags !== undefined) && !ctx.caller.staff) {
    requireStaff(ctx.caller, 'change category or tags');
  }
  const patch: { -readonly [K in keyof TicketEdit]: TicketEdit[K] } = {};
  const changed: string[] = [];
  if (edit.subject !== undefined && edit.subject !== ticket.subject) {
    patch.subject = edit.subject;
    changed.push('subject');
  }
  if (edit.description !== undefined && edit.description !== ticket.description) {
    patch.description = edit.description;
    changed.push('description');
  }
  if (edit.category !== undefined && edit.category !== ticket.category) {
    patch.category = edit.category;
    changed.push('category');
  }
  if (edit.tags !== undefined && !sameList(edit.tags, ticket.tags)) {
    patch.tags = [...edit.tags];
    changed.push('tags');
  }
  if (changed.length === 0) return null;
  return { ticket: advance(ticket, ctx, patch), event: { type: 'updated', changedFields: changed } };
}

/** The bot records the Discord channel or thread it created for the ticket. */
export function setTicketChannel(ticket: Ticket, ctx: ChangeContext, channelId: string): TicketChange {
  if (ticket.channelId === channelId) return null;
  return {
    ticket: advance(ticket, ctx, { channelId }),
    event: { type: 'updated', changedFields: ['channel_id'] },
  };
}

/** Staff or the opener comments; a staff comment is a response. */
export function commentOnTicket(ticket: Ticket, ctx: ChangeContext, comment: Comment): TicketChange {
  requireOpenerOrStaff(ticket, ctx.caller, 'comment on this ticket');
  requireNotClosed(ticket);
  return { ticket: advance(ticket, ctx, {}, true), event: { type: 'comment_added', comment } };
}

/** Staff or the opener attaches a file's metadata. */
export function attachToTicket(ticket: Ticket, ctx: ChangeContext, attachment: Attachment): TicketChange {
  requireOpenerOrStaff(ticket, ctx.caller, 'attach files to this ticket');
  requireNotClosed(ticket);
  return { ticket: advance(ticket, ctx, {}), event: { type: 'attachment_added', attachment } };
}

/** Staff or the opener removes an attachment (its existence is checked by the caller). */
export function detachFromTicket(ticket: Ticket, ctx: ChangeContext, attachmentId: string): TicketChange {
  requireOpenerOrStaff(ticket, ctx.caller, 'remove attachments of this ticket');
  requireNotClosed(ticket);
  return { ticket: advance(ticket, ctx, {}), event: { type: 'attachment_removed', attachmentId } };
}

/**
 * Closes the ticket. Closing a closed ticket changes nothing (a double-clicked close button).
 * A pending close request ends with the close: `resolved` says how.
 */
export function closeTicket(
  ticket: Ticket,
  ctx: ChangeContext,
  reason: string,
  cause: CloseCause = 'manual',
): TicketChange {
  if (cause === 'manual') requireOpenerOrStaff(ticket, ctx.caller, 'close this ticket');
  if (ticket.status === 'closed') return null;
  const pending = ticket.closeRequest;
  const resolvedStatus =
    cause === 'close_request_accepted'
      ? 'accepted'
      : cause === 'close_request_expired'
        ? 'expired'
        : 'cancelled';
  const closeRequest: CloseRequest | null = pending
    ? { ...pending, status: resolvedStatus, resolvedAt: ctx.now, resolvedBy: ctx.caller.userId }
    : null;
  return {
    ticket: advance(ticket, ctx, {
      status: 'closed',
      closedAt: ctx.now,
      closedBy: ctx.caller.userId,
      closeReason: reason,
      closeRequest: null,
    }),
    event: { type: 'closed', cause, closeRequest },
  };
}

/** A closed ticket goes back to open (unassigned), by staff or its opener. */
export function reopenTicket(ticket: Ticket, ctx: ChangeContext): TicketChange {
  requireOpenerOrStaff(ticket, ctx.caller, 'reopen this ticket');
  if (ticket.status !== 'closed') throw new ticketErrors.TICKET_ERR_NOT_CLOSED(ticket.id);
  return {
    ticket: advance(ticket, ctx, {
      status: 'open',
      assigneeId: null,
      closedAt: null,
      closedBy: null,
      closeReason: null,
    }),
    event: { type: 'reopened' },
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
