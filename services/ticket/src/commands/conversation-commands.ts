import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { ticketCommands } from '@guildwire/contracts';
import type { FieldChecker } from '@guildwire/errors';
import { discordLimits } from '../domain/conversation.js';
import type { Conversation } from '../use-cases/conversation.js';
import { changeFromProto, messageToProto, replyToProto } from '../wire/conversation-proto.js';
import { type TicketCommandSpec, ticketCommand } from './command-spec.js';

/** Most tickets one conversation_cursors request may name (the bot asks per guild, in batches). */
export const maxCursorTickets = 500;
/** Most recent messages per ticket, and in all, one conversation_cursors reply may carry (< 1 MB). */
export const maxRecentPerTicket = 1000;
export const maxRecentInAll = 10_000;

// What Discord itself allows in a message: a report beyond it is not a Discord message.
const embedText = 6000;

function checkReportedMessage(
  c: FieldChecker,
  m: { id: string; channelId: string; content: string; embeds: { description: string }[] } | undefined,
  deleted: boolean,
) {
  c.check('message', m !== undefined, 'is required');
  if (!m) return;
  c.snowflake('message/id', m.id, { required: true }).snowflake('message/channel_id', m.channelId, {
    required: true,
  });
  if (deleted) return;
  // Discord allows 2000 characters of content; 4000 for Nitro users' messages.
  c.text('message/content', m.content, 2 * discordLimits.content).check(
    'message/embeds',
    m.embeds.length <= 10 && m.embeds.reduce((n, e) => n + e.description.length, 0) <= embedText,
    'at most 10 embeds of 6000 characters in all',
  );
}

/** cmd.ticket.record_message, reply_failed and conversation_cursors: the bot's side of conversations. */
export function conversationCommandTable(conversation: Conversation): TicketCommandSpec[] {
  return [
    ticketCommand({
      def: ticketCommands.recordMessage,
      check: (c, req) => {
        const change = changeFromProto(req.change);
        c.uuid('ticket_id', req.ticketId, { required: true })
          .check('change', change !== undefined, 'must be created, edited or deleted')
          .uuid('reply_id', req.replyId);
        checkReportedMessage(c, req.message, change === 'deleted');
      },
      run: async (caller, req) => {
        const result = await conversation.record(
          caller,
          req.ticketId,
          changeFromProto(req.change)!,
          req.message!,
          req.replyId,
        );
        return { applied: result.applied, message: messageToProto(result.message) };
      },
    }),
    ticketCommand({
      def: ticketCommands.replyFailed,
      check: (c, req) =>
        c
          .uuid('ticket_id', req.ticketId, { required: true })
          .uuid('reply_id', req.replyId, { required: true })
          .text('error', req.error, 500, { required: true }),
      run: async (caller, req) => {
        const result = await conversation.replyFailed(caller, req.ticketId, req.replyId, req.error);
        return { reply: replyToProto(result.reply), applied: result.applied };
      },
    }),
    ticketCommand({
      def: ticketCommands.conversationCursors,
      check: (c, req) => {
        c.check(
          'ticket_ids',
          req.ticketIds.length <= maxCursorTickets,
          `at most ${maxCursorTickets} tickets per request`,
        );
        for (const [i, id] of req.ticketIds.entries()) c.uuid(`ticket_ids/${i}`, id, { required: true });
        c.check(
          'recent_limit',
          req.recentLimit <= maxRecentPerTicket && req.recentLimit * req.ticketIds.length <= maxRecentInAll,
          `at most ${maxRecentPerTicket}, and ticket_ids × recent_limit at most ${maxRecentInAll}`,
        );
      },
      run: async (caller, req) => {
        const { lastMessageIds, recent } = await conversation.cursors(caller, req.ticketIds, req.recentLimit);
        return {
          lastMessageIds: Object.fromEntries(lastMessageIds),
          recent: Object.fromEntries(
            [...recent].map(([ticketId, stamps]) => [
              ticketId,
              {
                messages: stamps.map((m) => ({
                  id: m.id,
                  ...(m.editedAt ? { editedAt: timestampFromDate(m.editedAt) } : {}),
                })),
              },
            ]),
          ),
        };
      },
    }),
  ];
}
