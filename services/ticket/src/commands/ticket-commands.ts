import { bindCommand, type CommandBinding } from '@guildwire/bus';
import { ticketCommands } from '@guildwire/contracts';
import { limits } from '../domain/limits.js';
import type { TicketSettingsSource } from '../domain/settings.js';
import { fieldChecker } from '../domain/validation.js';
import type { TicketOperations, TicketResult } from '../operations/ticket-operations.js';
import {
  attachmentToProto,
  commentToProto,
  priorityFromProto,
  ticketToProto,
} from '../operations/to-proto.js';
import { asCommand, changeOptions, commandCaller, optionalKey } from './command-caller.js';

/** The TicketReply of a write. */
function reply(result: TicketResult) {
  return {
    ticket: ticketToProto(result.ticket),
    ...(result.comment ? { comment: commentToProto(result.comment) } : {}),
    ...(result.attachment ? { attachment: attachmentToProto(result.attachment) } : {}),
    replayed: result.replayed,
  };
}

function requireTicketId(ticketId: string, more?: (check: ReturnType<typeof fieldChecker>) => void): void {
  const check = fieldChecker();
  check.uuid('ticket_id', ticketId, { required: true });
  more?.(check);
  check.done();
}

/** `cmd.ticket.*` write commands for the bot: decode → validate → operation → TicketReply. */
export function ticketCommandBindings(
  tickets: TicketOperations,
  settings: TicketSettingsSource,
): CommandBinding[] {
  return [
    bindCommand(ticketCommands.open, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        const check = fieldChecker();
        check.text('subject', req.subject, limits.subject, { required: true });
        check.text('description', req.description, limits.description);
        check.text('category', req.category, limits.category);
        check.uuid('panel_id', req.panelId);
        check.snowflake('opener_id', req.openerId);
        check.tags('tags', req.tags);
        check.text('idempotency_key', req.idempotencyKey, limits.idempotencyKey);
        check.check(
          'priority',
          req.priority === 0 || priorityFromProto(req.priority) !== undefined,
          'is not a priority',
        );
        check.done();
        const priority = priorityFromProto(req.priority);
        const result = await tickets.open(
          caller,
          {
            subject: req.subject,
            description: req.description,
            ...(req.category ? { category: req.category } : {}),
            ...(req.panelId ? { panelId: req.panelId } : {}),
            ...(req.openerId ? { openerId: req.openerId } : {}),
            ...(priority ? { priority } : {}),
            tags: req.tags,
          },
          { idempotencyKey: optionalKey(req.idempotencyKey) },
        );
        return reply(result);
      }),
    ),
    bindCommand(ticketCommands.claim, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        requireTicketId(req.ticketId);
        return reply(await tickets.claim(caller, req.ticketId, changeOptions(req)));
      }),
    ),
    bindCommand(ticketCommands.unclaim, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        requireTicketId(req.ticketId);
        return reply(await tickets.unclaim(caller, req.ticketId, changeOptions(req)));
      }),
    ),
    bindCommand(ticketCommands.assign, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        requireTicketId(req.ticketId, (c) => c.snowflake('assignee_id', req.assigneeId, { required: true }));
        return reply(await tickets.assign(caller, req.ticketId, req.assigneeId, changeOptions(req)));
      }),
    ),
    bindCommand(ticketCommands.setPriority, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        const priority = priorityFromProto(req.priority);
        requireTicketId(req.ticketId, (c) => c.check('priority', priority !== undefined, 'is required'));
        return reply(await tickets.setPriority(caller, req.ticketId, priority!, changeOptions(req)));
      }),
    ),
    bindCommand(ticketCommands.edit, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        requireTicketId(req.ticketId, (c) => {
          if (req.subject !== undefined) c.text('subject', req.subject, limits.subject, { required: true });
          c.text('description', req.description, limits.description);
          c.text('category', req.category, limits.category);
          if (req.setTags) c.tags('tags', req.tags);
        });
        const edit = {
          ...(req.subject !== undefined ? { subject: req.subject } : {}),
          ...(req.description !== undefined ? { description: req.description } : {}),
          ...(req.category !== undefined ? { category: req.category } : {}),
          ...(req.setTags ? { tags: req.tags } : {}),
        };
        return reply(await tickets.edit(caller, req.ticketId, edit, changeOptions(req)));
      }),
    ),
    bindCommand(ticketCommands.comment, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        requireTicketId(req.ticketId, (c) => c.text('body', req.body, limits.comment, { required: true }));
        return reply(
          await tickets.comment(caller, req.ticketId, req.body, {
            idempotencyKey: optionalKey(req.idempotencyKey),
          }),
        );
      }),
    ),
    bindCommand(ticketCommands.attach, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        requireTicketId(req.ticketId, (c) => {
          c.text('name', req.name, limits.attachmentName, { required: true });
          c.text('url', req.url, limits.attachmentUrl, { required: true });
          c.check('url', req.url === '' || /^https?:\/\/\S+$/.test(req.url), 'must be an http(s) URL');
          c.text('content_type', req.contentType, limits.contentType, { required: true });
          c.check(
            'size',
            req.size <= BigInt(limits.attachmentSize),
            `must be at most ${limits.attachmentSize} bytes`,
          );
        });
        const input = { name: req.name, url: req.url, contentType: req.contentType, size: Number(req.size) };
        return reply(
          await tickets.attach(caller, req.ticketId, input, {
            idempotencyKey: optionalKey(req.idempotencyKey),
          }),
        );
      }),
    ),
    bindCommand(ticketCommands.detach, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        requireTicketId(req.ticketId, (c) => c.uuid('attachment_id', req.attachmentId, { required: true }));
        return reply(
          await tickets.detach(caller, req.ticketId, req.attachmentId, {
            idempotencyKey: optionalKey(req.idempotencyKey),
          }),
        );
      }),
    ),
    bindCommand(ticketCommands.close, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        requireTicketId(req.ticketId, (c) => c.text('reason', req.reason, limits.reason));
        return reply(await tickets.close(caller, req.ticketId, req.reason, changeOptions(req)));
      }),
    ),
    bindCommand(ticketCommands.reopen, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        requireTicketId(req.ticketId);
        return reply(await tickets.reopen(caller, req.ticketId, changeOptions(req)));
      }),
    ),
    bindCommand(ticketCommands.requestClose, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        requireTicketId(req.ticketId, (c) => {
          c.text('reason', req.reason, limits.reason);
          c.check('timeout_seconds', req.timeoutSeconds <= limits.closeRequestTimeoutSeconds, 'is too long');
        });
        const timeoutMs = req.timeoutSeconds === 0 ? undefined : req.timeoutSeconds * 1000;
        return reply(
          await tickets.requestClose(caller, req.ticketId, req.reason, timeoutMs, {
            idempotencyKey: optionalKey(req.idempotencyKey),
          }),
        );
      }),
    ),
    bindCommand(ticketCommands.answerCloseRequest, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        requireTicketId(req.ticketId);
        return reply(
          await tickets.answerCloseRequest(caller, req.ticketId, req.accept, {
            idempotencyKey: optionalKey(req.idempotencyKey),
          }),
        );
      }),
    ),
    bindCommand(ticketCommands.setChannel, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        requireTicketId(req.ticketId, (c) => c.snowflake('channel_id', req.channelId, { required: true }));
        return reply(await tickets.setChannel(caller, req.ticketId, req.channelId));
      }),
    ),
  ];
}
