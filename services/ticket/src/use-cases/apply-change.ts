import type { EmitEvent } from '@guildwire/bus';
import { assertVersion } from '@guildwire/service-kit';
import type { Transaction } from 'kysely';
import type { ChangeContext, TicketChange } from '../domain/change.js';
import { requireVisible } from '../domain/permissions.js';
import type { Caller, Ticket } from '../domain/ticket.js';
import { buildTranscript, sealTranscript, transcriptCategoryName } from '../domain/transcript.js';
import { ticketErrors } from '../errors.js';
import type { TicketDatabase } from '../store/database.js';
import { messageStore } from '../store/message-store.js';
import { ticketRecordStore } from '../store/record-store.js';
import { replyStore } from '../store/reply-store.js';
import { ticketStore } from '../store/ticket-store.js';
import { emitTicketEvent } from '../wire/ticket-events.js';

/** Stores a transition decides with (read-only use expected, e.g. an existence check). */
export type DecideStores = {
  readonly records: ReturnType<typeof ticketRecordStore>;
  readonly tickets: ReturnType<typeof ticketStore>;
};

/** Decides a ticket's change from its locked current state. */
export type Decide = (
  ticket: Ticket,
  ctx: ChangeContext,
  stores: DecideStores,
) => TicketChange | Promise<TicketChange>;

/**
 * Applies one change to a row-locked ticket inside `trx`: version check, decision, state, side
 * records, history line and its single event, all committed together (or not at all). `visible`
 * decides who may see the ticket at all (default: staff and the opener, others get 404).
 */
export async function applyChange(
  trx: Transaction<TicketDatabase>,
  emit: EmitEvent,
  ctx: ChangeContext,
  ticketId: string,
  decide: Decide,
  expectedVersion?: number,
  visible: (ticket: Ticket, caller: Caller) => void = requireVisible,
): Promise<{ ticket: Ticket; change: TicketChange }> {
  const tickets = ticketStore(trx);
  const records = ticketRecordStore(trx);
  const current = await tickets.findForUpdate(ctx.caller.guildId, ticketId);
  if (!current) throw new ticketErrors.TICKET_ERR_NOT_FOUND(ticketId);
  visible(current, ctx.caller);
  assertVersion(expectedVersion, current.version);
  const change = await decide(current, ctx, { records, tickets });
  if (!change) return { ticket: current, change };
  const { event } = change;
  // A close seals the conversation as it stands: the transcript's body is kept, its digest rides on the ticket.
  const ticket = event.type === 'closed' ? await sealConversation(trx, change.ticket, ctx) : change.ticket;
  await tickets.update(ticket);
  await persistRecords(records, ticket, event);
  await records.insertHistory(
    ticket.guildId,
    ticket.id,
    historyLine(ctx.caller, current, ticket, event.type),
  );
  emitTicketEvent(emit, ctx.caller, ticket, event);
  return { ticket, change: { ticket, event } };
}

async function sealConversation(
  trx: Transaction<TicketDatabase>,
  ticket: Ticket,
  ctx: ChangeContext,
): Promise<Ticket> {
  const messages = await messageStore(trx).transcriptMessages(ticket.id);
  const category = transcriptCategoryName(ticket, ctx.settings);
  const { body, seal } = sealTranscript(buildTranscript(ticket, messages, ctx.now, category));
  await replyStore(trx).insertTranscript(ticket.id, seal, body);
  return { ...ticket, transcript: seal };
}

async function persistRecords(
  records: ReturnType<typeof ticketRecordStore>,
  ticket: Ticket,
  event: NonNullable<TicketChange>['event'],
): Promise<void> {
  switch (event.type) {
    case 'comment_added':
      return records.insertComment(ticket.guildId, event.comment);
    case 'attachment_added':
      return records.insertAttachment(ticket.guildId, event.attachment);
    case 'attachment_removed':
      await records.deleteAttachment(ticket.id, event.attachmentId);
      return;
    case 'close_requested':
      return records.insertCloseRequest(ticket.guildId, ticket.id, event.closeRequest);
    case 'close_request_declined':
      return records.resolveCloseRequest(event.closeRequest);
    case 'closed':
      if (event.closeRequest) await records.resolveCloseRequest(event.closeRequest);
      return;
    default:
      return;
  }
}

/** The audit line of a change. */
export function historyLine(caller: Caller, before: Ticket | null, after: Ticket, action: string) {
  return {
    action,
    actorKind: caller.kind,
    actorId: caller.userId,
    fromStatus: before?.status ?? null,
    toStatus: after.status,
    version: after.version,
    at: after.updatedAt,
  };
}
