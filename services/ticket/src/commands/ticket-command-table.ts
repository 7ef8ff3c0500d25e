import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { CommandBinding } from '@guildwire/bus';
import { type CommandDef, type TicketReplySchema, ticketCommands } from '@guildwire/contracts';
import type { FieldChecker } from '@guildwire/errors';
import { checkAnswers, checkTags } from '../domain/input-checks.js';
import { limits } from '../domain/limits.js';
import type { TicketSettingsSource } from '../domain/settings.js';
import type { Caller } from '../domain/ticket.js';
import { ticketPriorities } from '../domain/ticket.js';
import type { Blacklist } from '../use-cases/blacklist.js';
import type { Conversation } from '../use-cases/conversation.js';
import type { Panels } from '../use-cases/panels.js';
import type { Tags } from '../use-cases/tags.js';
import type { TicketChanges, TicketResult } from '../use-cases/ticket-changes.js';
import type { TicketQueries } from '../use-cases/ticket-queries.js';
import {
  attachmentToProto,
  commentToProto,
  panelToProto,
  priorityFromProto,
  ticketReplyToProto,
  ticketToProto,
} from '../wire/to-proto.js';
import { blacklistCommandTable } from './blacklist-commands.js';
import { changeOptions, optionalKey } from './command-caller.js';
import { bindTicketCommands, type TicketCommandSpec, ticketCommand } from './command-spec.js';
import { conversationCommandTable } from './conversation-commands.js';
import { tagCommandTable } from './tag-commands.js';

/** A write on one ticket: `ticket_id` is required, the answer is the TicketReply. */
function ticketWrite<Req extends DescMessage>(
  def: CommandDef<Req, typeof TicketReplySchema>,
  run: (caller: Caller, request: MessageShape<Req> & { readonly ticketId: string }) => Promise<TicketResult>,
  check?: (check: FieldChecker, request: MessageShape<Req>) => void,
): TicketCommandSpec {
  return ticketCommand({
    def,
    check: (c, req) => {
      c.uuid('ticket_id', (req as { ticketId?: string }).ticketId, { required: true });
      check?.(c, req);
    },
    run: async (caller, req) =>
      ticketReplyToProto(await run(caller, req as MessageShape<Req> & { ticketId: string })),
  });
}

const priorityNames = ticketPriorities as readonly string[];

/**
 * Every `cmd.ticket.*` command for the bot, one line each: its checks (beyond guild and actor) and
 * the use case it runs.
 */
export function ticketCommandTable(uses: {
  readonly tickets: TicketChanges;
  readonly queries: TicketQueries;
  readonly panels: Panels;
  readonly conversation: Conversation;
  readonly tags: Tags;
  readonly blacklist: Blacklist;
}): TicketCommandSpec[] {
  const { tickets, queries, panels, conversation, tags, blacklist } = uses;
  return [
    ticketCommand({
      def: ticketCommands.open,
      check: (c, req) => {
        c.text('subject', req.subject, limits.subject)
          .text('description', req.description, limits.description)
          .text('category', req.category, limits.category)
          .text('category_id', req.categoryId, 24)
          .uuid('panel_id', req.panelId)
          .snowflake('opener_id', req.openerId)
          .text('idempotency_key', req.idempotencyKey, limits.idempotencyKey)
          .oneOf(
            'priority',
            req.priority === 0 ? '' : (priorityFromProto(req.priority) ?? req.priority),
            priorityNames,
          );
        checkTags(c, 'tags', req.tags);
        checkAnswers(c, 'answers', req.answers);
      },
      run: async (caller, req) => {
        const priority = priorityFromProto(req.priority);
        const input = {
          subject: req.subject,
          description: req.description,
          ...(req.category ? { category: req.category } : {}),
          ...(req.categoryId ? { categoryId: req.categoryId } : {}),
          ...(req.answers.length > 0
            ? { answers: req.answers.map((a) => ({ label: a.label, value: a.value })) }
            : {}),
          ...(req.panelId ? { panelId: req.panelId } : {}),
          ...(req.openerId ? { openerId: req.openerId } : {}),
          ...(priority ? { priority } : {}),
          tags: req.tags,
        };
        return ticketReplyToProto(
          await tickets.open(caller, input, { idempotencyKey: optionalKey(req.idempotencyKey) }),
        );
      },
    }),
    ticketWrite(
      ticketCommands.move,
      (caller, r) => tickets.move(caller, r.ticketId, r.categoryId, changeOptions(r)),
      (c, r) => c.text('category_id', r.categoryId, 24, { required: true }),
    ),
    ticketWrite(
      ticketCommands.addMember,
      (caller, r) => tickets.addMember(caller, r.ticketId, r.memberId, changeOptions(r)),
      (c, r) => c.snowflake('member_id', r.memberId, { required: true }),
    ),
    ticketWrite(
      ticketCommands.removeMember,
      (caller, r) => tickets.removeMember(caller, r.ticketId, r.memberId, changeOptions(r)),
      (c, r) => c.snowflake('member_id', r.memberId, { required: true }),
    ),
    ticketWrite(
      ticketCommands.transfer,
      (caller, r) => tickets.transfer(caller, r.ticketId, r.toUserId, changeOptions(r)),
      (c, r) => c.snowflake('to_user_id', r.toUserId, { required: true }),
    ),
    ticketWrite(ticketCommands.claim, (caller, r) => tickets.claim(caller, r.ticketId, changeOptions(r))),
    ticketWrite(ticketCommands.unclaim, (caller, r) => tickets.unclaim(caller, r.ticketId, changeOptions(r))),
    ticketWrite(
      ticketCommands.assign,
      (caller, r) => tickets.assign(caller, r.ticketId, r.assigneeId, changeOptions(r)),
      (c, r) => c.snowflake('assignee_id', r.assigneeId, { required: true }),
    ),
    ticketWrite(
      ticketCommands.setPriority,
      (caller, r) =>
        tickets.setPriority(caller, r.ticketId, priorityFromProto(r.priority)!, changeOptions(r)),
      (c, r) =>
        c.oneOf('priority', priorityFromProto(r.priority) ?? (r.priority || ''), priorityNames, {
          required: true,
        }),
    ),
    ticketWrite(
      ticketCommands.edit,
      (caller, r) =>
        tickets.edit(
          caller,
          r.ticketId,
          {
            ...(r.subject !== undefined ? { subject: r.subject } : {}),
            ...(r.description !== undefined ? { description: r.description } : {}),
            ...(r.category !== undefined ? { category: r.category } : {}),
            ...(r.setTags ? { tags: r.tags } : {}),
          },
          changeOptions(r),
        ),
      (c, r) => {
        if (r.subject !== undefined) c.text('subject', r.subject, limits.subject, { required: true });
        c.text('description', r.description, limits.description).text(
          'category',
          r.category,
          limits.category,
        );
        if (r.setTags) checkTags(c, 'tags', r.tags);
      },
    ),
    ticketWrite(
      ticketCommands.comment,
      (caller, r) => tickets.comment(caller, r.ticketId, r.body, changeOptions(r)),
      (c, r) => c.text('body', r.body, limits.comment, { required: true }),
    ),
    ticketWrite(
      ticketCommands.attach,
      (caller, r) =>
        tickets.attach(
          caller,
          r.ticketId,
          { name: r.name, url: r.url, contentType: r.contentType, size: Number(r.size) },
          changeOptions(r),
        ),
      (c, r) =>
        c
          .text('name', r.name, limits.attachmentName, { required: true })
          .text('url', r.url, limits.attachmentUrl, { required: true })
          .check('url', r.url === '' || /^https?:\/\/\S+$/.test(r.url), 'must be an http(s) URL')
          .text('content_type', r.contentType, limits.contentType, { required: true })
          .check(
            'size',
            r.size <= BigInt(limits.attachmentSize),
            `must be at most ${limits.attachmentSize} bytes`,
          ),
    ),
    ticketWrite(
      ticketCommands.detach,
      (caller, r) => tickets.detach(caller, r.ticketId, r.attachmentId, changeOptions(r)),
      (c, r) => c.uuid('attachment_id', r.attachmentId, { required: true }),
    ),
    ticketWrite(
      ticketCommands.close,
      (caller, r) => tickets.close(caller, r.ticketId, r.reason, changeOptions(r)),
      (c, r) => c.text('reason', r.reason, limits.reason),
    ),
    ticketWrite(ticketCommands.reopen, (caller, r) => tickets.reopen(caller, r.ticketId, changeOptions(r))),
    ticketWrite(
      ticketCommands.requestClose,
      (caller, r) =>
        tickets.requestClose(
          caller,
          r.ticketId,
          r.reason,
          r.timeoutSeconds === 0 ? undefined : r.timeoutSeconds * 1000,
          changeOptions(r),
        ),
      (c, r) =>
        c
          .text('reason', r.reason, limits.reason)
          .check('timeout_seconds', r.timeoutSeconds <= limits.closeRequestTimeoutSeconds, 'is too long'),
    ),
    ticketWrite(ticketCommands.answerCloseRequest, (caller, r) =>
      tickets.answerCloseRequest(caller, r.ticketId, r.accept, changeOptions(r)),
    ),
    ticketWrite(
      ticketCommands.feedback,
      (caller, r) =>
        tickets.feedback(caller, r.ticketId, { rating: r.rating, comment: r.comment }, changeOptions(r)),
      (c, r) =>
        c
          .check('rating', Number.isInteger(r.rating) && r.rating >= 1 && r.rating <= 5, 'must be 1 to 5')
          .text('comment', r.comment, limits.feedbackComment),
    ),
    ticketWrite(
      ticketCommands.setChannel,
      (caller, r) => tickets.setChannel(caller, r.ticketId, r.channelId),
      (c, r) => c.snowflake('channel_id', r.channelId, { required: true }),
    ),
    ticketCommand({
      def: ticketCommands.get,
      check: (c, req) =>
        c
          .uuid('ticket_id', req.ticketId)
          .check('ticket_id', req.ticketId !== '' || req.number > 0, 'ticket_id or number is required'),
      run: async (caller, req) => {
        const details = await queries.get(
          caller,
          req.ticketId ? { id: req.ticketId } : { number: req.number },
        );
        return {
          ticket: ticketToProto(details.ticket),
          comments: details.comments.map(commentToProto),
          attachments: details.attachments.map(attachmentToProto),
        };
      },
    }),
    ticketCommand({
      def: ticketCommands.panelSent,
      check: (c, req) =>
        c
          .uuid('panel_id', req.panelId, { required: true })
          .snowflake('channel_id', req.channelId, { required: true })
          .snowflake('message_id', req.messageId, { required: true }),
      run: async (caller, req) => ({
        panel: panelToProto(await panels.markSent(caller, req.panelId, req.channelId, req.messageId)),
      }),
    }),
    ...conversationCommandTable(conversation),
    ...tagCommandTable(tags),
    ...blacklistCommandTable(blacklist),
  ];
}

/** The command table bound to the bus: what the command server serves. */
export function ticketCommandBindings(
  uses: Parameters<typeof ticketCommandTable>[0],
  settings: TicketSettingsSource,
): CommandBinding[] {
  return bindTicketCommands(ticketCommandTable(uses), settings);
}
