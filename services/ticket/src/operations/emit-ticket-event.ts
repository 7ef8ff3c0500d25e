import type { EmitEvent } from '@guildwire/bus';
import { createEventMeta, createMessage, ticketEvents } from '@guildwire/contracts';
import type { TicketChangeEvent } from '../domain/change.js';
import type { Caller, Ticket } from '../domain/ticket.js';
import {
  actorOf,
  attachmentToProto,
  closeCauseToProto,
  closeRequestToProto,
  commentToProto,
  priorityToProto,
  ticketToProto,
} from './to-proto.js';

/**
 * Emits the one event of a ticket change into the transaction's outbox: its meta names the caller
 * and the ticket's new version, and it carries the whole ticket so a dashboard needs no refetch.
 */
export function emitTicketEvent(
  emit: EmitEvent,
  caller: Caller,
  ticket: Ticket,
  event: TicketChangeEvent | { type: 'opened' },
): void {
  const meta = createEventMeta({
    guildId: ticket.guildId,
    actor: actorOf(caller),
    aggregateVersion: ticket.version,
    ...(caller.correlationId ? { correlationId: caller.correlationId } : {}),
  });
  const snapshot = ticketToProto(ticket);
  const base = { meta, ticket: snapshot };
  switch (event.type) {
    case 'opened':
      emit(ticketEvents.opened, createMessage(ticketEvents.opened.schema, base));
      return;
    case 'claimed':
      emit(
        ticketEvents.claimed,
        createMessage(ticketEvents.claimed.schema, { ...base, claimerId: event.claimerId }),
      );
      return;
    case 'unclaimed':
      emit(
        ticketEvents.unclaimed,
        createMessage(ticketEvents.unclaimed.schema, {
          ...base,
          previousAssigneeId: event.previousAssigneeId,
        }),
      );
      return;
    case 'assigned':
      emit(
        ticketEvents.assigned,
        createMessage(ticketEvents.assigned.schema, {
          ...base,
          previousAssigneeId: event.previousAssigneeId ?? '',
        }),
      );
      return;
    case 'priority_changed':
      emit(
        ticketEvents.priorityChanged,
        createMessage(ticketEvents.priorityChanged.schema, {
          ...base,
          previousPriority: priorityToProto(event.previousPriority),
        }),
      );
      return;
    case 'updated':
      emit(
        ticketEvents.updated,
        createMessage(ticketEvents.updated.schema, { ...base, changedFields: [...event.changedFields] }),
      );
      return;
    case 'comment_added':
      emit(
        ticketEvents.commentAdded,
        createMessage(ticketEvents.commentAdded.schema, { ...base, comment: commentToProto(event.comment) }),
      );
      return;
    case 'attachment_added':
      emit(
        ticketEvents.attachmentAdded,
        createMessage(ticketEvents.attachmentAdded.schema, {
          ...base,
          attachment: attachmentToProto(event.attachment),
        }),
      );
      return;
    case 'attachment_removed':
      emit(
        ticketEvents.attachmentRemoved,
        createMessage(ticketEvents.attachmentRemoved.schema, { ...base, attachmentId: event.attachmentId }),
      );
      return;
    case 'closed':
      emit(
        ticketEvents.closed,
        createMessage(ticketEvents.closed.schema, {
          ...base,
          cause: closeCauseToProto(event.cause),
          closeRequest: event.closeRequest ? closeRequestToProto(ticket.id, event.closeRequest) : undefined,
        }),
      );
      return;
    case 'reopened':
      emit(ticketEvents.reopened, createMessage(ticketEvents.reopened.schema, base));
      return;
    case 'close_requested':
      emit(
        ticketEvents.closeRequested,
        createMessage(ticketEvents.closeRequested.schema, {
          ...base,
          closeRequest: closeRequestToProto(ticket.id, event.closeRequest),
        }),
      );
      return;
    case 'close_request_declined':
      emit(
        ticketEvents.closeRequestDeclined,
        createMessage(ticketEvents.closeRequestDeclined.schema, {
          ...base,
          closeRequest: closeRequestToProto(ticket.id, event.closeRequest),
        }),
      );
      return;
  }
}
