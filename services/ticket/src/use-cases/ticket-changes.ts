import { defaultTicketCategoryId } from '@guildwire/contracts';
import { validationError } from '@guildwire/errors';
import { onceByKey } from '@guildwire/service-kit';
import { uuidv7 } from 'uuidv7';
import { unknownGuildMembers } from '../discord/guild-members.js';
import type { ChangeContext, OverLimit, TicketChange } from '../domain/change.js';
import { answerCloseRequest, requestTicketClose } from '../domain/close-request-transitions.js';
import { moveTicket } from '../domain/move-ticket.js';
import { newTicket, type OpenTicketInput, openerOf, openLimitError } from '../domain/open-ticket.js';
import type { Attachment, Caller, Comment, Ticket, TicketPriority } from '../domain/ticket.js';
import { type FeedbackInput, requireOpener, submitFeedback } from '../domain/ticket-feedback.js';
import { categoryOrRefuse, fillForm } from '../domain/ticket-form.js';
import { addTicketMember, removeTicketMember, transferTicket } from '../domain/ticket-members.js';
import {
  assignTicket,
  attachToTicket,
  claimTicket,
  closeTicket,
  commentOnTicket,
  detachFromTicket,
  editTicket,
  reopenTicket,
  setTicketChannel,
  setTicketPriority,
  type TicketEdit,
  unclaimTicket,
} from '../domain/ticket-transitions.js';
import { ticketErrors } from '../errors.js';
import { panelStore } from '../store/panel-store.js';
import { ticketStore } from '../store/ticket-store.js';
import { emitTicketEvent } from '../wire/ticket-events.js';
import { applyChange, type Decide, historyLine } from './apply-change.js';
import type { ChangeOptions, TicketDeps, TicketResult } from './deps.js';
import { refuseBlacklisted } from './refuse-blacklisted.js';

export type { TicketResult } from './deps.js';

/** Metadata of a file to attach. */
export interface AttachmentInput {
  readonly name: string;
  readonly url: string;
  readonly contentType: string;
  readonly size: number;
}

/**
 * Every write on tickets, shared by the HTTP routes and the NATS commands: each runs in one
 * transaction that changes state, writes history and emits exactly one event through the outbox.
 */
export function createTicketChanges(deps: TicketDeps) {
  const { outbox, clock } = deps;
  const members = deps.members ?? unknownGuildMembers;

  // Asked before the transaction (a bot round trip must not hold the ticket's row lock), and only
  // for staff: the domain refuses anyone else before it looks at the answer.
  const standingOf = (caller: Caller, userId: string) =>
    caller.staff
      ? members.standing(caller.guildId, userId, caller.correlationId)
      : Promise.resolve(undefined);

  async function context(caller: Caller): Promise<ChangeContext> {
    return { caller, now: clock(), settings: await deps.settings.forGuild(caller.guildId) };
  }

  async function change(
    caller: Caller,
    operation: string,
    ticketId: string,
    request: object,
    options: ChangeOptions,
    decide: Decide,
    visible?: (ticket: Ticket, caller: Caller) => void,
  ): Promise<TicketResult> {
    const ctx = await context(caller);
    return outbox.transaction((trx, emit) =>
      onceByKey(
        trx,
        { guildId: caller.guildId, operation, key: options.idempotencyKey, now: ctx.now },
        { by: caller.userId, ticketId, ...request },
        async () => {
          const { ticket, change } = await applyChange(
            trx,
            emit,
            ctx,
            ticketId,
            decide,
            options.expectedVersion,
            visible,
          );
          return { ticket, ...extras(change) };
        },
      ),
    );
  }

  return {
    /**
     * Opens a ticket into a category (given, else the panel's first, else the default one), its
     * answers checked against the category's questions: the category's open limit per user (under
     * the opener's slot row lock), next guild number, event `opened`.
     */
    async open(caller: Caller, input: OpenTicketInput, options: ChangeOptions = {}): Promise<TicketResult> {
      const ctx = await context(caller);
      const openerId = openerOf(input, ctx);
      return outbox.transaction((trx, emit) =>
        onceByKey(
          trx,
          { guildId: caller.guildId, operation: 'open', key: options.idempotencyKey, now: ctx.now },
          { by: caller.userId, ...input },
          async () => {
            await refuseBlacklisted(trx, caller, openerId);
            const tickets = ticketStore(trx);
            let category = input.category;
            let categoryId = input.categoryId;
            if (input.panelId) {
              const panel = await panelStore(trx).find(caller.guildId, input.panelId);
              if (!panel) throw new ticketErrors.TICKET_ERR_PANEL_NOT_FOUND(input.panelId);
              category ??= panel.category;
              const offered = panel.categoryIds.length > 0 ? panel.categoryIds : [defaultTicketCategoryId];
              categoryId ??= offered[0];
              if (!offered.includes(categoryId!)) {
                throw validationError([
                  {
                    field: '/categoryId',
                    message: `panel ${panel.id} does not offer category "${categoryId}"`,
                  },
                ]);
              }
            }
            const form = fillForm(
              categoryOrRefuse(ctx.settings, categoryId ?? defaultTicketCategoryId, '/categoryId'),
              input,
            );
            const draft = newTicket(input, ctx, {
              id: uuidv7(),
              number: 0,
              openerId,
              category: category ?? '',
              categoryId: form.category.id,
              subject: form.subject,
              answers: form.answers,
            });
            const limit = form.category.openLimitPerUser;
            const number = await tickets.insertWithinLimit(
              draft,
              limit,
              historyLine(caller, null, draft, 'opened'),
            );
            if (number === undefined)
              throw openLimitError(
                openerId,
                await tickets.countActiveByOpener(caller.guildId, openerId, form.category.id),
                limit,
                form.category.id,
              );
            const ticket = { ...draft, number };
            emitTicketEvent(emit, caller, ticket, { type: 'opened' });
            return { ticket };
          },
        ),
      );
    },

    claim: (caller: Caller, ticketId: string, options: ChangeOptions = {}) =>
      change(caller, 'claim', ticketId, {}, options, claimTicket),

    unclaim: (caller: Caller, ticketId: string, options: ChangeOptions = {}) =>
      change(caller, 'unclaim', ticketId, {}, options, unclaimTicket),

    assign: (caller: Caller, ticketId: string, assigneeId: string, options: ChangeOptions = {}) =>
      change(caller, 'assign', ticketId, { assigneeId }, options, (t, ctx) =>
        assignTicket(t, ctx, assigneeId),
      ),

    setPriority: (caller: Caller, ticketId: string, priority: TicketPriority, options: ChangeOptions = {}) =>
      change(caller, 'set_priority', ticketId, { priority }, options, (t, ctx) =>
        setTicketPriority(t, ctx, priority),
      ),

    edit: (caller: Caller, ticketId: string, edit: TicketEdit, options: ChangeOptions = {}) =>
      change(caller, 'edit', ticketId, edit, options, (t, ctx) => editTicket(t, ctx, edit)),

    /** Staff moves a ticket to another category; past the opener's limit there it moves and says so. */
    move: (caller: Caller, ticketId: string, categoryId: string, options: ChangeOptions = {}) =>
      change(caller, 'move', ticketId, { categoryId }, options, async (t, ctx, { tickets }) => {
        const target = categoryOrRefuse(ctx.settings, categoryId, '/categoryId');
        const active =
          t.status === 'closed' || t.categoryId === target.id
            ? 0
            : await tickets.countActiveByOpener(t.guildId, t.openerId, target.id);
        return moveTicket(t, ctx, target, active);
      }),

    /** Staff lets someone besides the opener into the ticket; adding a member again changes nothing. */
    async addMember(caller: Caller, ticketId: string, memberId: string, options: ChangeOptions = {}) {
      const standing = await standingOf(caller, memberId);
      return change(caller, 'add_member', ticketId, { memberId }, options, (t, ctx) =>
        addTicketMember(t, ctx, memberId, standing),
      );
    },

    /** Staff takes a member out of the ticket; removing a non-member changes nothing. */
    removeMember: (caller: Caller, ticketId: string, memberId: string, options: ChangeOptions = {}) =>
      change(caller, 'remove_member', ticketId, { memberId }, options, (t, ctx) =>
        removeTicketMember(t, ctx, memberId),
      ),

    /** The assignee (or an admin) hands a claimed ticket to another staff member. */
    async transfer(caller: Caller, ticketId: string, toUserId: string, options: ChangeOptions = {}) {
      const standing = await standingOf(caller, toUserId);
      return change(caller, 'transfer', ticketId, { toUserId }, options, (t, ctx) =>
        transferTicket(t, ctx, toUserId, standing),
      );
    },

    setChannel: (caller: Caller, ticketId: string, channelId: string) =>
      change(caller, 'set_channel', ticketId, { channelId }, {}, (t, ctx) =>
        setTicketChannel(t, ctx, channelId),
      ),

    comment: (caller: Caller, ticketId: string, body: string, options: ChangeOptions = {}) =>
      change(caller, 'comment', ticketId, { body }, options, (t, ctx) =>
        commentOnTicket(t, ctx, {
          id: uuidv7(),
          ticketId: t.id,
          authorId: ctx.caller.userId,
          body,
          createdAt: ctx.now,
        }),
      ),

    attach: (caller: Caller, ticketId: string, input: AttachmentInput, options: ChangeOptions = {}) =>
      change(caller, 'attach', ticketId, input, options, (t, ctx) =>
        attachToTicket(t, ctx, {
          id: uuidv7(),
          ticketId: t.id,
          uploaderId: ctx.caller.userId,
          createdAt: ctx.now,
          ...input,
        }),
      ),

    detach: (caller: Caller, ticketId: string, attachmentId: string, options: ChangeOptions = {}) =>
      change(caller, 'detach', ticketId, { attachmentId }, options, async (t, ctx, { records }) => {
        // Permission and state first: a closed ticket says so whatever the attachment id.
        const decided = detachFromTicket(t, ctx, attachmentId);
        if (!(await records.hasAttachment(t.id, attachmentId)))
          throw new ticketErrors.TICKET_ERR_ATTACHMENT_NOT_FOUND(attachmentId);
        return decided;
      }),

    close: (caller: Caller, ticketId: string, reason: string, options: ChangeOptions = {}) =>
      change(caller, 'close', ticketId, { reason }, options, (t, ctx) => closeTicket(t, ctx, reason)),

    reopen: (caller: Caller, ticketId: string, options: ChangeOptions = {}) =>
      change(caller, 'reopen', ticketId, {}, options, reopenTicket),

    requestClose: (
      caller: Caller,
      ticketId: string,
      reason: string,
      timeoutMs?: number,
      options: ChangeOptions = {},
    ) =>
      change(caller, 'request_close', ticketId, { reason, timeoutMs }, options, (t, ctx) =>
        requestTicketClose(t, ctx, {
          id: uuidv7(),
          reason,
          ...(timeoutMs === undefined ? {} : { timeoutMs }),
        }),
      ),

    answerCloseRequest: (caller: Caller, ticketId: string, accept: boolean, options: ChangeOptions = {}) =>
      change(caller, 'answer_close_request', ticketId, { accept }, options, (t, ctx) =>
        answerCloseRequest(t, ctx, accept),
      ),

    /** The opener rates the closed ticket, once; anyone else is told it is not theirs (403). */
    feedback: (caller: Caller, ticketId: string, input: FeedbackInput, options: ChangeOptions = {}) =>
      change(
        caller,
        'feedback',
        ticketId,
        input,
        options,
        (t, ctx) => submitFeedback(t, ctx, input),
        requireOpener,
      ),
  };
}

function extras(change: TicketChange): { comment?: Comment; attachment?: Attachment; overLimit?: OverLimit } {
  if (change?.event.type === 'comment_added') return { comment: change.event.comment };
  if (change?.event.type === 'attachment_added') return { attachment: change.event.attachment };
  if (change?.event.type === 'moved' && change.event.overLimit) return { overLimit: change.event.overLimit };
  return {};
}

/** The ticket changes' interface. */
export type TicketChanges = ReturnType<typeof createTicketChanges>;
