import type { MessageInitShape } from '@bufbuild/protobuf';
import type { EmitEvent } from '@guildwire/bus';
import { createEventMeta, createMessage, type EventDef, ticketEvents } from '@guildwire/contracts';
import type { TicketChangeEvent } from '../domain/change.js';
import type { Caller, Ticket } from '../domain/ticket.js';
import {
  actorOf,
  attachmentToProto,
  closeCauseToProto,
  closeRequestToProto,
  commentToProto,
  feedbackToProto,
  priorityToProto,
  ticketToProto,
} from './to-proto.js';

/** Every change a ticket event reports: the transitions' changes and the open. */
type TicketEventSource = TicketChangeEvent | { readonly type: 'opened' };
type SourceOf<K extends TicketEventSource['type']> = Extract<TicketEventSource, { type: K }>;

/** What an event carries besides meta and the ticket snapshot, for one change type. */
interface Payload<S extends EventDef, K extends TicketEventSource['type']> {
  readonly def: S;
  readonly extra: (
    change: SourceOf<K>,
    ticket: Ticket,
  ) => Omit<MessageInitShape<S['schema']>, 'meta' | 'ticket'>;
}

// Ties the change type to its event definition; a wrong extra field for that event does not compile.
const payload = <S extends EventDef, K extends TicketEventSource['type']>(
  def: S,
  extra: Payload<S, K>['extra'] = () => ({}) as never,
): Payload<S, K> => ({ def, extra });

/** The one map from a ticket change to its event: definition and the fields beyond the snapshot. */
const ticketEventPayloads: { readonly [K in TicketEventSource['type']]: Payload<EventDef, K> } = {
  opened: payload(ticketEvents.opened),
  claimed: payload(ticketEvents.claimed, (e: SourceOf<'claimed'>) => ({ claimerId: e.claimerId })),
  unclaimed: payload(ticketEvents.unclaimed, (e: SourceOf<'unclaimed'>) => ({
    previousAssigneeId: e.previousAssigneeId,
  })),
  assigned: payload(ticketEvents.assigned, (e: SourceOf<'assigned'>) => ({
    previousAssigneeId: e.previousAssigneeId ?? undefined,
  })),
  priority_changed: payload(ticketEvents.priorityChanged, (e: SourceOf<'priority_changed'>) => ({
    previousPriority: priorityToProto(e.previousPriority),
  })),
  updated: payload(ticketEvents.updated, (e: SourceOf<'updated'>) => ({
    changedFields: [...e.changedFields],
  })),
  moved: payload(ticketEvents.moved, (e: SourceOf<'moved'>) => ({
    previousCategoryId: e.previousCategoryId,
    overLimit: e.overLimit ?? undefined,
  })),
  member_added: payload(ticketEvents.memberAdded, (e: SourceOf<'member_added'>) => ({
    memberId: e.memberId,
  })),
  member_removed: payload(ticketEvents.memberRemoved, (e: SourceOf<'member_removed'>) => ({
    memberId: e.memberId,
  })),
  transferred: payload(ticketEvents.transferred, (e: SourceOf<'transferred'>) => ({
    previousAssigneeId: e.previousAssigneeId,
  })),
  comment_added: payload(ticketEvents.commentAdded, (e: SourceOf<'comment_added'>) => ({
    comment: commentToProto(e.comment),
  })),
  attachment_added: payload(ticketEvents.attachmentAdded, (e: SourceOf<'attachment_added'>) => ({
    attachment: attachmentToProto(e.attachment),
  })),
  attachment_removed: payload(ticketEvents.attachmentRemoved, (e: SourceOf<'attachment_removed'>) => ({
    attachmentId: e.attachmentId,
  })),
  closed: payload(ticketEvents.closed, (e: SourceOf<'closed'>, t) => ({
    cause: closeCauseToProto(e.cause),
    closeRequest: e.closeRequest ? closeRequestToProto(t.id, e.closeRequest) : undefined,
  })),
  reopened: payload(ticketEvents.reopened),
  close_requested: payload(ticketEvents.closeRequested, (e: SourceOf<'close_requested'>, t) => ({
    closeRequest: closeRequestToProto(t.id, e.closeRequest),
  })),
  close_request_declined: payload(
    ticketEvents.closeRequestDeclined,
    (e: SourceOf<'close_request_declined'>, t) => ({
      closeRequest: closeRequestToProto(t.id, e.closeRequest),
    }),
  ),
  feedback_submitted: payload(ticketEvents.feedbackSubmitted, (e: SourceOf<'feedback_submitted'>) => ({
    feedback: feedbackToProto(e.feedback),
  })),
};

/**
 * Emits the one event of a ticket change into the transaction's outbox: its meta names the caller
 * and the ticket's new version, and it carries the whole ticket so a dashboard needs no refetch.
 */
export function emitTicketEvent(
  emit: EmitEvent,
  caller: Caller,
  ticket: Ticket,
  change: TicketEventSource,
): void {
  const { def, extra } = ticketEventPayloads[change.type] as Payload<EventDef, typeof change.type>;
  const meta = createEventMeta({
    guildId: ticket.guildId,
    actor: actorOf(caller),
    aggregateVersion: ticket.version,
    ...(caller.correlationId ? { correlationId: caller.correlationId } : {}),
  });
  const init = { meta, ticket: ticketToProto(ticket), ...extra(change as never, ticket) };
  emit(def, createMessage(def.schema, init as never));
}
