import { eventData, type RealtimeEvent } from '@guildwire/realtime-client';
import type { QueryClient } from '@tanstack/react-query';
import type { TicketMessage, TicketReplyDraft } from '../../api/types.js';
import { keys } from '../../live/query-keys.js';
import { type LiveConversation, withMessage, withReply } from './conversation-state.js';

/**
 * Applies a conversation event (`ticket.message_*`, `reply_requested`, `message_failed`) to the
 * conversation of its ticket, if a page shows it; true when the event was one of these.
 *
 * Nothing is refetched: the event carries the whole message or reply, so a busy thread costs no
 * request. The snapshot goes to the ticket's live entry, which the panel creates when it opens (even
 * before its first page has arrived, so a message posted during that fetch is not lost), and the
 * panel merges it with the pages by version. Tickets not on screen keep nothing.
 */
export function applyConversationEvent(client: QueryClient, event: RealtimeEvent): boolean {
  const known = eventData(event);
  if (known === undefined) return false;
  let change: ((live: LiveConversation) => LiveConversation) | undefined;
  let ticketId = '';
  switch (known.type) {
    case 'ticket.message_posted':
    case 'ticket.message_edited':
    case 'ticket.message_deleted': {
      const message = known.data.message as TicketMessage | null;
      ticketId = known.data.ticketId;
      if (message !== null) change = (live) => withMessage(live, message);
      break;
    }
    case 'ticket.reply_requested':
    case 'ticket.message_failed': {
      const reply = known.data.reply as TicketReplyDraft | null;
      ticketId = known.data.ticketId;
      if (reply !== null) change = (live) => withReply(live, reply);
      break;
    }
    default:
      return false;
  }
  if (change !== undefined)
    client.setQueryData<LiveConversation>(keys.conversationLive(event.guildId, ticketId), (live) =>
      live === undefined ? live : change(live),
    );
  return true;
}
