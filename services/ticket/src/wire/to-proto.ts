import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  type Actor,
  ActorKind,
  ActorSchema,
  AttachmentSchema,
  type CloseRequestSchema,
  CloseRequestStatus,
  CommentSchema,
  createMessage,
  TicketPriority as ProtoPriority,
  TicketStatus as ProtoStatus,
  TicketCloseCause,
  TicketFeedbackSchema,
  TicketPanelSchema,
  TicketReplySchema,
  TicketSchema,
} from '@guildwire/contracts';
import type { Panel } from '../domain/panel.js';
import type {
  Attachment,
  Caller,
  CloseCause,
  CloseRequest,
  Comment,
  Ticket,
  TicketFeedback,
  TicketPriority,
  TicketStatus,
} from '../domain/ticket.js';
import type { TicketResult } from '../use-cases/deps.js';

const statuses: Record<TicketStatus, ProtoStatus> = {
  open: ProtoStatus.OPEN,
  claimed: ProtoStatus.CLAIMED,
  closed: ProtoStatus.CLOSED,
};

const priorities: Record<TicketPriority, ProtoPriority> = {
  low: ProtoPriority.LOW,
  normal: ProtoPriority.NORMAL,
  high: ProtoPriority.HIGH,
  urgent: ProtoPriority.URGENT,
};

const closeRequestStatuses: Record<CloseRequest['status'], CloseRequestStatus> = {
  pending: CloseRequestStatus.PENDING,
  accepted: CloseRequestStatus.ACCEPTED,
  declined: CloseRequestStatus.DECLINED,
  expired: CloseRequestStatus.EXPIRED,
  cancelled: CloseRequestStatus.CANCELLED,
};

const closeCauses: Record<CloseCause, TicketCloseCause> = {
  manual: TicketCloseCause.MANUAL,
  close_request_accepted: TicketCloseCause.CLOSE_REQUEST_ACCEPTED,
  close_request_expired: TicketCloseCause.CLOSE_REQUEST_EXPIRED,
  inactivity: TicketCloseCause.INACTIVITY,
};

/** The proto priority of a domain priority. */
export function priorityToProto(priority: TicketPriority): ProtoPriority {
  return priorities[priority];
}

/** The domain priority of a proto priority; undefined for UNSPECIFIED or unknown numbers. */
export function priorityFromProto(priority: ProtoPriority): TicketPriority | undefined {
  return (Object.keys(priorities) as TicketPriority[]).find((p) => priorities[p] === priority);
}

/** The proto close cause. */
export function closeCauseToProto(cause: CloseCause): TicketCloseCause {
  return closeCauses[cause];
}

const ts = (date: Date | null) => (date ? timestampFromDate(date) : undefined);

// A proto3 `optional` field is unset for "absent": `''` would reach dashboards as a present empty
// string instead of null (docs/realtime-protocol.md, "The dashboard JSON dialect").
const absent = (value: string | null) => value ?? undefined;

/** The event meta actor of a caller. */
export function actorOf(caller: Caller): Actor {
  const kind =
    caller.kind === 'discord'
      ? ActorKind.DISCORD_USER
      : caller.kind === 'dashboard'
        ? ActorKind.DASHBOARD_USER
        : ActorKind.SYSTEM;
  return createMessage(ActorSchema, { kind, id: caller.userId });
}

/** The close request as events carry it. */
export function closeRequestToProto(
  ticketId: string,
  request: CloseRequest,
): MessageInitShape<typeof CloseRequestSchema> {
  return {
    id: request.id,
    ticketId,
    requesterId: request.requesterId,
    reason: request.reason,
    deadline: timestampFromDate(request.deadline),
    status: closeRequestStatuses[request.status],
    createdAt: timestampFromDate(request.createdAt),
    resolvedAt: ts(request.resolvedAt),
    resolvedBy: absent(request.resolvedBy),
  };
}

/** The full ticket snapshot every ticket event carries. */
export function ticketToProto(ticket: Ticket) {
  return createMessage(TicketSchema, {
    id: ticket.id,
    guildId: ticket.guildId,
    number: ticket.number,
    panelId: absent(ticket.panelId),
    category: ticket.category,
    categoryId: ticket.categoryId,
    answers: ticket.answers.map((a) => ({ label: a.label, value: a.value })),
    subject: ticket.subject,
    description: ticket.description,
    status: statuses[ticket.status],
    priority: priorities[ticket.priority],
    openerId: ticket.openerId,
    assigneeId: absent(ticket.assigneeId),
    channelId: absent(ticket.channelId),
    tags: [...ticket.tags],
    memberIds: [...ticket.memberIds],
    createdAt: timestampFromDate(ticket.createdAt),
    updatedAt: timestampFromDate(ticket.updatedAt),
    closedAt: ts(ticket.closedAt),
    closeReason: absent(ticket.closeReason),
    closedBy: absent(ticket.closedBy),
    version: ticket.version,
    firstResponseAt: ts(ticket.firstResponseAt),
    lastActivityAt: timestampFromDate(ticket.lastActivityAt),
    autoCloseAt: ts(ticket.autoCloseAt),
    closeRequest: ticket.closeRequest ? closeRequestToProto(ticket.id, ticket.closeRequest) : undefined,
    transcript: ticket.transcript
      ? {
          digest: ticket.transcript.digest,
          sealedAt: timestampFromDate(ticket.transcript.sealedAt),
          messageCount: ticket.transcript.messageCount,
        }
      : undefined,
    feedback: ticket.feedback ? feedbackToProto(ticket.feedback) : undefined,
  });
}

/** The opener's rating as tickets and the feedback event carry it. */
export function feedbackToProto(feedback: TicketFeedback) {
  return createMessage(TicketFeedbackSchema, {
    rating: feedback.rating,
    comment: absent(feedback.comment),
    submittedAt: timestampFromDate(feedback.submittedAt),
    staffId: absent(feedback.staffId),
  });
}

/** A comment as events and replies carry it. */
export function commentToProto(comment: Comment) {
  return createMessage(CommentSchema, { ...comment, createdAt: timestampFromDate(comment.createdAt) });
}

/** An attachment as events and replies carry it. */
export function attachmentToProto(attachment: Attachment) {
  return createMessage(AttachmentSchema, {
    ...attachment,
    size: BigInt(attachment.size),
    createdAt: timestampFromDate(attachment.createdAt),
  });
}

/** A panel as events and replies carry it. */
export function panelToProto(panel: Panel) {
  return createMessage(TicketPanelSchema, {
    ...panel,
    categoryIds: [...panel.categoryIds],
    channelId: absent(panel.channelId),
    messageId: absent(panel.messageId),
    createdAt: timestampFromDate(panel.createdAt),
    updatedAt: timestampFromDate(panel.updatedAt),
  });
}

/** The answer of a ticket write, over NATS (cmd.ticket.*) and HTTP alike. */
export function ticketReplyToProto(result: TicketResult) {
  return createMessage(TicketReplySchema, {
    ticket: ticketToProto(result.ticket),
    comment: result.comment ? commentToProto(result.comment) : undefined,
    attachment: result.attachment ? attachmentToProto(result.attachment) : undefined,
    replayed: result.replayed,
    overLimit: result.overLimit,
  });
}
