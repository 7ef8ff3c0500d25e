import type { Panel } from '../domain/panel.js';
import type { Attachment, Comment, HistoryEntry, Ticket } from '../domain/ticket.js';
import type { TicketJson } from '../routes/schemas.js';
import type { TicketResult } from '../use-cases/ticket-changes.js';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The HTTP form of a ticket. */
export function ticketJson(t: Ticket): TicketJson {
  return {
    ...t,
    tags: [...t.tags],
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    closedAt: iso(t.closedAt),
    firstResponseAt: iso(t.firstResponseAt),
    lastActivityAt: t.lastActivityAt.toISOString(),
    autoCloseAt: iso(t.autoCloseAt),
    closeRequest: t.closeRequest
      ? {
          id: t.closeRequest.id,
          requesterId: t.closeRequest.requesterId,
          reason: t.closeRequest.reason,
          deadline: t.closeRequest.deadline.toISOString(),
          status: t.closeRequest.status,
          createdAt: t.closeRequest.createdAt.toISOString(),
        }
      : null,
  };
}

export const commentJson = (c: Comment) => ({ ...c, createdAt: c.createdAt.toISOString() });
export const attachmentJson = (a: Attachment) => ({ ...a, createdAt: a.createdAt.toISOString() });
export const historyJson = (h: HistoryEntry) => ({ ...h, at: h.at.toISOString() });
export const panelJson = (p: Panel) => ({
  ...p,
  createdAt: p.createdAt.toISOString(),
  updatedAt: p.updatedAt.toISOString(),
});

/** The HTTP form of a write's result. */
export function ticketReplyJson(result: TicketResult) {
  return {
    ticket: ticketJson(result.ticket),
    ...(result.comment ? { comment: commentJson(result.comment) } : {}),
    ...(result.attachment ? { attachment: attachmentJson(result.attachment) } : {}),
    replayed: result.replayed,
  };
}
