import type { MessagePage, TicketMessage, TicketReplyDraft } from '../../api/types.js';

// A conversation on screen comes from three places: the pages fetched (newest first, "load older"
// adds one), what the stream brought since the page opened, and the dashboard replies not posted
// yet. Each message and reply is a versioned snapshot, so merging them is "keep the highest
// version per id", whatever order they arrived in and however often.

/** What the stream brought for one ticket's conversation (by id). */
export interface LiveConversation {
  readonly messages: Readonly<Record<string, TicketMessage>>;
  readonly replies: Readonly<Record<string, TicketReplyDraft>>;
}

/** Nothing arrived yet. */
export const emptyLive: LiveConversation = { messages: {}, replies: {} };

/** `live` with a message snapshot, unless it already holds that version or a newer one. */
export function withMessage(live: LiveConversation, message: TicketMessage): LiveConversation {
  const current = live.messages[message.id];
  if (current !== undefined && current.version >= message.version) return live;
  return { ...live, messages: { ...live.messages, [message.id]: message } };
}

/** `live` with a reply snapshot, unless it already holds that version or a newer one. */
export function withReply(live: LiveConversation, reply: TicketReplyDraft): LiveConversation {
  const current = live.replies[reply.id];
  if (current !== undefined && current.version >= reply.version) return live;
  return { ...live, replies: { ...live.replies, [reply.id]: reply } };
}

/** What the panel shows: messages oldest first, then the replies still on their way or failed. */
export interface ConversationView {
  readonly messages: readonly TicketMessage[];
  readonly unposted: readonly TicketReplyDraft[];
}

/** Snowflakes grow with time: the longer one is later, and equal lengths compare as text. */
export function compareSnowflakes(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Merges the fetched pages, the live snapshots and the fetched replies. A reply whose message is
 * known (message.replyId) is shown as that message only: the pending bubble turns into the posted
 * message, and never appears beside it.
 */
export function conversationView(
  pages: readonly MessagePage[],
  live: LiveConversation,
  fetchedReplies: readonly TicketReplyDraft[],
  hidden: ReadonlySet<string>,
): ConversationView {
  const byId = new Map<string, TicketMessage>();
  const keep = (m: TicketMessage) => {
    const current = byId.get(m.id);
    if (current === undefined || m.version > current.version) byId.set(m.id, m);
  };
  for (const page of pages) for (const m of page.items) keep(m);
  for (const m of Object.values(live.messages)) keep(m);
  const messages = [...byId.values()].sort((a, b) => compareSnowflakes(a.id, b.id));

  const posted = new Set<string>();
  for (const m of messages) if (m.replyId) posted.add(m.replyId);
  const replies = new Map<string, TicketReplyDraft>();
  for (const r of [...fetchedReplies, ...Object.values(live.replies)]) {
    const current = replies.get(r.id);
    if (current === undefined || r.version > current.version) replies.set(r.id, r);
  }
  const unposted = [...replies.values()]
    .filter((r) => r.status !== 'posted' && !posted.has(r.id) && !hidden.has(r.id))
    .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? ''));
  return { messages, unposted };
}
