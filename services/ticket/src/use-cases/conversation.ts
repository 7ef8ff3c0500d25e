import type { MessageShape } from '@bufbuild/protobuf';
import type { EmitEvent } from '@guildwire/bus';
import type { TicketMessageSchema } from '@guildwire/contracts';
import { onceByKey } from '@guildwire/service-kit';
import type { Transaction } from 'kysely';
import { uuidv7 } from 'uuidv7';
import {
  answersCloseRequest,
  declineByMessage,
  declinePending,
  messageActivityAt,
} from '../domain/activity.js';
import { autoCloseAt, type ChangeContext } from '../domain/change.js';
import {
  decideRecord,
  type MessageChange,
  type ReplyDraft,
  type TicketMessage,
} from '../domain/conversation.js';
import { requireVisible } from '../domain/permissions.js';
import type { TicketSettings } from '../domain/settings.js';
import type { Caller, Ticket } from '../domain/ticket.js';
import { buildTranscript, type Transcript, transcriptCategoryName } from '../domain/transcript.js';
import { ticketErrors } from '../errors.js';
import type { TicketDatabase } from '../store/database.js';
import { type MessagePage, messageStore } from '../store/message-store.js';
import { replyStore } from '../store/reply-store.js';
import { ticketStore } from '../store/ticket-store.js';
import { emitMessageEvent, emitReplyEvent, messageFromRecord } from '../wire/conversation-proto.js';
import { applyChange, type Decide } from './apply-change.js';
import type { TicketDeps } from './deps.js';
import { autoReply } from './tag-auto-reply.js';

/** What recording a message answers. */
export interface RecordResult {
  /** False when the change was already kept or is older than what is kept. */
  readonly applied: boolean;
  readonly message: TicketMessage;
}

/** Where the bot's backfill starts for each ticket (absent: no message kept). */
export interface Cursors {
  readonly lastMessageIds: Map<string, string>;
  /** Newest kept messages not deleted, newest first. */
  readonly recent: Map<string, { id: string; editedAt: Date | null }[]>;
}

/** What posting a dashboard reply answers. */
export interface ReplyResult {
  readonly reply: ReplyDraft;
  readonly replayed: boolean;
}

/** A transcript and, once sealed, the digest of its kept body. */
export interface TranscriptView {
  readonly ticket: Ticket;
  readonly transcript: Transcript;
  /** The transcript's JSON bytes: for a sealed one, exactly as kept. */
  readonly body: string;
  /** The kept body's sha256; null for the live transcript of a ticket never closed. */
  readonly digest: string | null;
}

const requireBot = (caller: Caller) => {
  if (caller.kind !== 'system')
    throw new ticketErrors.TICKET_ERR_FORBIDDEN('only the bot records Discord messages');
};

/**
 * The conversation of tickets: Discord messages the bot records, replies written on the dashboard,
 * pages of messages and transcripts.
 */
export function createConversation(deps: TicketDeps) {
  const { db, outbox, clock } = deps;

  async function visibleTicket(caller: Caller, ticketId: string): Promise<Ticket> {
    const ticket = await ticketStore(db).find(caller.guildId, ticketId);
    if (!ticket) throw new ticketErrors.TICKET_ERR_NOT_FOUND(ticketId);
    requireVisible(ticket, caller);
    return ticket;
  }

  return {
    /**
     * Records a message created, edited or deleted in the ticket's Discord thread or channel, once:
     * the message row is locked (or inserted if absent) and decideRecord says what the change does,
     * so a redelivered or out-of-order report changes nothing. A message carrying a dashboard reply
     * marks that reply posted.
     */
    async record(
      caller: Caller,
      ticketId: string,
      change: MessageChange,
      reported: MessageShape<typeof TicketMessageSchema>,
      replyId: string,
    ): Promise<RecordResult> {
      requireBot(caller);
      // Read before the transaction: a cache lookup in the running service, no NATS round trip
      // while rows are locked.
      const settings = await deps.settings.forGuild(caller.guildId);
      return outbox.transaction(async (trx, emit) => {
        const ticket = await ticketStore(trx).find(caller.guildId, ticketId);
        if (!ticket) throw new ticketErrors.TICKET_ERR_NOT_FOUND(ticketId);
        const incoming = messageFromRecord(caller.guildId, ticketId, reported, replyId, change, clock());
        const messages = messageStore(trx);
        let kept = await messages.findForUpdate(ticketId, incoming.id);
        let decision = decideRecord(kept, change, incoming);
        if (decision && !kept) {
          if (!(await messages.insertIfAbsent(decision.next))) {
            // Another report of this message committed first: decide again against it.
            kept = await messages.findForUpdate(ticketId, incoming.id);
            decision = decideRecord(kept, change, incoming);
            if (decision) await messages.update(decision.next);
          }
        } else if (decision) await messages.update(decision.next);
        if (!decision) return { applied: false, message: kept ?? incoming };
        const { next, event } = decision;
        if (next.replyId && event) await markPosted(trx, ticketId, next.replyId, next.id);
        if (event) emitMessageEvent(emit, event, next, ticket.openerId, caller.correlationId);
        // A message seen for the first time is activity (a redelivery, an edit or a delete is not).
        if (event === 'message_posted') {
          await noteMessage(trx, emit, ticket, next, { settings, caller, now: clock() });
          await autoReply(trx, emit, caller, ticket, next, clock());
        }
        return { applied: event !== null, message: next };
      });
    },

    /**
     * A reply written on the dashboard (staff, or the ticket's opener): kept as pending and handed
     * to the bot as ticket.reply_requested. Closed tickets take no replies (409); a member may not
     * write in another member's ticket (403). Idempotency-Key makes a retried POST one reply.
     */
    async reply(
      caller: Caller,
      ticketId: string,
      content: string,
      options: { idempotencyKey?: string | undefined; tagName?: string } = {},
    ): Promise<ReplyResult> {
      const now = clock();
      const settings = await deps.settings.forGuild(caller.guildId);
      const result = await outbox.transaction((trx, emit) =>
        onceByKey(
          trx,
          { guildId: caller.guildId, operation: 'reply', key: options.idempotencyKey, now },
          { by: caller.userId, ticketId, content, tag: options.tagName ?? null },
          async () => {
            // Locked: a reply and a close of the same ticket are ordered, never interleaved.
            const ticket = await ticketStore(trx).findForUpdate(caller.guildId, ticketId);
            if (!ticket) throw new ticketErrors.TICKET_ERR_NOT_FOUND(ticketId);
            if (!caller.staff && caller.userId !== ticket.openerId)
              throw new ticketErrors.TICKET_ERR_FORBIDDEN('members may only write in their own tickets');
            if (ticket.status === 'closed') throw new ticketErrors.TICKET_ERR_CLOSED(ticketId);
            if (!ticket.channelId) throw new ticketErrors.TICKET_ERR_NO_CHANNEL(ticketId);
            const reply: ReplyDraft = {
              id: uuidv7(),
              ticketId,
              guildId: caller.guildId,
              authorId: caller.userId,
              content,
              status: 'pending',
              messageId: null,
              error: null,
              createdAt: now,
              version: 1,
              tagName: options.tagName ?? null,
            };
            await replyStore(trx).insert(reply);
            emitReplyEvent(emit, caller, reply, ticket.openerId, ticket.channelId);
            // Writing a reply is activity now; the opener writing one answers a pending close
            // request like a message in Discord would.
            const openerAnswers = caller.userId === ticket.openerId && ticket.closeRequest !== null;
            await noteActivity(
              trx,
              emit,
              ticket,
              now,
              { settings, caller, now },
              openerAnswers ? declinePending : null,
            );
            return { reply };
          },
        ),
      );
      if (!result.replayed) return result;
      // A replay answers the reply as it is now (it may have been posted since).
      const current = await replyStore(db).findForUpdate(ticketId, result.reply.id);
      return { reply: current ?? result.reply, replayed: true };
    },

    /** The bot could not post a reply: it is marked failed and ticket.message_failed tells the dashboard. */
    async replyFailed(caller: Caller, ticketId: string, replyId: string, error: string) {
      requireBot(caller);
      return outbox.transaction(async (trx, emit) => {
        const ticket = await ticketStore(trx).find(caller.guildId, ticketId);
        if (!ticket) throw new ticketErrors.TICKET_ERR_NOT_FOUND(ticketId);
        const replies = replyStore(trx);
        const reply = await replies.findForUpdate(ticketId, replyId);
        if (!reply) throw new ticketErrors.TICKET_ERR_REPLY_NOT_FOUND(replyId);
        if (reply.status !== 'pending') return { reply, applied: false };
        const failed: ReplyDraft = { ...reply, status: 'failed', error, version: reply.version + 1 };
        await replies.update(failed);
        emitReplyEvent(emit, caller, failed, ticket.openerId, ticket.channelId ?? '');
        return { reply: failed, applied: true };
      });
    },

    /**
     * Where the bot's backfill starts, for each ticket of the caller's guild: the newest kept
     * message id, and (`recentLimit` > 0) the newest kept messages with their edit times, which
     * it compares with Discord's to find the edits and deletes it missed.
     */
    async cursors(caller: Caller, ticketIds: readonly string[], recentLimit = 0): Promise<Cursors> {
      requireBot(caller);
      const own = await db
        .selectFrom('tickets')
        .select('id')
        .where('guild_id', '=', caller.guildId)
        .where('id', 'in', ticketIds.length > 0 ? [...ticketIds] : ['00000000-0000-0000-0000-000000000000'])
        .execute();
      const ids = own.map((r) => r.id);
      const messages = messageStore(db);
      const [lastMessageIds, recent] = await Promise.all([
        messages.lastMessageIds(ids),
        messages.recentStamps(ids, recentLimit),
      ]);
      return { lastMessageIds, recent };
    },

    /** A page of the conversation (staff, or the opener). */
    async page(
      caller: Caller,
      ticketId: string,
      options: { limit: number; cursor?: string | undefined; descending?: boolean },
    ): Promise<MessagePage> {
      await visibleTicket(caller, ticketId);
      return messageStore(db).page(ticketId, options);
    },

    /** Replies not posted yet: pending, and failed ones with their error (staff, or the opener). */
    async unpostedReplies(caller: Caller, ticketId: string): Promise<ReplyDraft[]> {
      await visibleTicket(caller, ticketId);
      return replyStore(db).unposted(ticketId);
    },

    /**
     * The transcript (staff, or the opener): the kept body of the last seal when the ticket is
     * closed, else the live conversation (not sealed).
     */
    async transcript(caller: Caller, ticketId: string): Promise<TranscriptView> {
      const ticket = await visibleTicket(caller, ticketId);
      if (ticket.status === 'closed') {
        const kept = await replyStore(db).latestTranscript(ticketId);
        if (kept)
          return {
            ticket,
            transcript: JSON.parse(kept.body) as Transcript,
            body: kept.body,
            digest: kept.digest,
          };
      }
      const messages = await messageStore(db).transcriptMessages(ticketId);
      const settings = await deps.settings.forGuild(caller.guildId);
      const transcript = buildTranscript(ticket, messages, null, transcriptCategoryName(ticket, settings));
      return { ticket, transcript, body: JSON.stringify(transcript), digest: null };
    },
  };
}

/**
 * A message newly kept in the conversation: when a person wrote it, it is activity on the ticket;
 * when the opener wrote it after staff asked to close, it declines that request.
 */
async function noteMessage(
  trx: Transaction<TicketDatabase>,
  emit: EmitEvent,
  ticket: Ticket,
  message: TicketMessage,
  ctx: { settings: TicketSettings; caller: Caller; now: Date },
): Promise<void> {
  const at = messageActivityAt(ticket, message, ctx.now);
  if (!at) return;
  const opener: Caller = {
    guildId: ticket.guildId,
    userId: message.author.id,
    kind: 'discord',
    staff: false,
    admin: false,
    ...(ctx.caller.correlationId ? { correlationId: ctx.caller.correlationId } : {}),
  };
  const decline = answersCloseRequest(ticket, message)
    ? (locked: Ticket, c: ChangeContext) => declineByMessage(locked, c, message)
    : null;
  await noteActivity(trx, emit, ticket, at, { ...ctx, caller: opener }, decline);
}

/**
 * Activity at `at` on the ticket, without a new version or a ticket event (docs/ticket.md,
 * "Activity and auto-close"); `decline`, when given, first declines a pending close request (a
 * change of its own: version, history line, ticket.close_request_declined), decided on the locked
 * row so that a request answered or expired meanwhile is left alone.
 */
async function noteActivity(
  trx: Transaction<TicketDatabase>,
  emit: EmitEvent,
  ticket: Ticket,
  at: Date,
  ctx: { settings: TicketSettings; caller: Caller; now: Date },
  decline: Decide | null,
): Promise<void> {
  if (decline) await applyChange(trx, emit, ctx, ticket.id, decline);
  await ticketStore(trx).touchActivity(ticket.id, at, autoCloseAt(ticket.status, at, ctx.settings));
}

async function markPosted(
  trx: Parameters<typeof replyStore>[0],
  ticketId: string,
  replyId: string,
  messageId: string,
): Promise<void> {
  const replies = replyStore(trx);
  const reply = await replies.findForUpdate(ticketId, replyId);
  if (!reply || reply.status === 'posted') return;
  await replies.update({ ...reply, status: 'posted', messageId, error: null, version: reply.version + 1 });
}

/** The conversation use cases. */
export type Conversation = ReturnType<typeof createConversation>;
