import type { EmitEvent } from '@guildwire/bus';
import type { Transaction } from 'kysely';
import { uuidv7 } from 'uuidv7';
import type { ReplyDraft, TicketMessage } from '../domain/conversation.js';
import { matchesKeywords } from '../domain/tag.js';
import type { Caller, Ticket } from '../domain/ticket.js';
import type { TicketDatabase } from '../store/database.js';
import { replyStore } from '../store/reply-store.js';
import { tagStore } from '../store/tag-store.js';
import { emitReplyEvent } from '../wire/conversation-proto.js';

/**
 * A message the opener wrote in the ticket's Discord thread or channel, newly kept: when it
 * contains a keyword of one of the guild's tags that was not auto-posted in this ticket before,
 * that tag's content becomes a reply of the bot (ticket.reply_requested, posted like a dashboard
 * reply, so it is in the conversation and the transcript). At most one tag per message — the first
 * by name — so one message naming several topics is not answered by a wall of canned text; each
 * tag once per ticket (ticket_tag_auto_replies), so a user repeating "refund" gets the answer once.
 * Runs in the recording transaction: a redelivered message is not "newly kept" and replies nothing.
 */
export async function autoReply(
  trx: Transaction<TicketDatabase>,
  emit: EmitEvent,
  caller: Caller,
  ticket: Ticket,
  message: TicketMessage,
  now: Date,
): Promise<void> {
  if (ticket.status === 'closed' || !ticket.channelId) return;
  if (message.author.bot || message.author.id !== ticket.openerId || message.content === '') return;
  const tags = tagStore(trx);
  for (const tag of await tags.withKeywords(ticket.guildId)) {
    if (!matchesKeywords(tag.keywords, message.content)) continue;
    const replyId = uuidv7();
    if (!(await tags.claimAutoReply(ticket.id, tag.id, replyId, now))) continue;
    const reply: ReplyDraft = {
      id: replyId,
      ticketId: ticket.id,
      guildId: ticket.guildId,
      // The bot (a system actor) writes it: the bot words its embed as Guildwire's.
      authorId: caller.userId,
      content: tag.content,
      status: 'pending',
      messageId: null,
      error: null,
      createdAt: now,
      version: 1,
      tagName: tag.name,
    };
    await replyStore(trx).insert(reply);
    emitReplyEvent(emit, caller, reply, ticket.openerId, ticket.channelId);
    return;
  }
}
