import type { AttachmentJson, CommentJson, TicketJson } from '@guildwire/contracts';
import { type EventLike, eventData } from '../typed-event.js';
import { isNewer, ticketOfEvent } from './event-ticket.js';

/** What a ticket page shows: `GET …/tickets/:id` (its other fields, e.g. history, are kept as they are). */
export interface TicketDetailState {
  readonly ticket: TicketJson;
  readonly comments: readonly CommentJson[];
  readonly attachments: readonly AttachmentJson[];
}

/**
 * Applies a live event to a ticket page fetched over HTTP: for an event of this ticket that is newer
 * than the page (ticket version), the ticket snapshot replaces the page's and a comment or attachment
 * is added or removed. Other events, and stale or replayed ones, return `state` itself.
 */
export function applyTicketDetailEvent<S extends TicketDetailState>(state: S, event: EventLike): S {
  const ticket = ticketOfEvent(event);
  if (ticket === undefined || ticket.id !== state.ticket.id || !isNewer(ticket, state.ticket)) return state;
  const next: S = { ...state, ticket };
  const known = eventData(event);
  switch (known?.type) {
    case 'ticket.comment_added': {
      const comment = known.data.comment;
      if (comment && !state.comments.some((c) => c.id === comment.id)) {
        return { ...next, comments: [...state.comments, comment] };
      }
      return next;
    }
    case 'ticket.attachment_added': {
      const attachment = known.data.attachment;
      if (attachment && !state.attachments.some((a) => a.id === attachment.id)) {
        return { ...next, attachments: [...state.attachments, attachment] };
      }
      return next;
    }
    case 'ticket.attachment_removed': {
      const id = known.data.attachmentId;
      return { ...next, attachments: state.attachments.filter((a) => a.id !== id) };
    }
    default:
      return next;
  }
}
