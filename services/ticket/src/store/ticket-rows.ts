import type { Selectable } from 'kysely';
import type { CloseRequest, Ticket, TicketPriority } from '../domain/ticket.js';
import { ticketPriorities } from '../domain/ticket.js';
import type { StoredCloseRequest, TicketTable } from './database.js';

/** Stored rank of a priority (1 = low … 4 = urgent), so lists sort by urgency. */
export function priorityRank(priority: TicketPriority): number {
  return ticketPriorities.indexOf(priority) + 1;
}

/** The ticket a row describes. */
export function ticketFromRow(row: Selectable<TicketTable>): Ticket {
  return {
    id: row.id,
    guildId: row.guild_id,
    number: row.number,
    panelId: row.panel_id,
    category: row.category,
    categoryId: row.category_id,
    answers: row.answers.map((a) => ({ label: a.label, value: a.value })),
    subject: row.subject,
    description: row.description,
    status: row.status,
    priority: ticketPriorities[row.priority - 1] ?? 'normal',
    openerId: row.opener_id,
    assigneeId: row.assignee_id,
    channelId: row.channel_id,
    tags: row.tags,
    memberIds: row.member_ids,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    closedAt: row.closed_at,
    closeReason: row.close_reason,
    closedBy: row.closed_by,
    firstResponseAt: row.first_response_at,
    lastActivityAt: row.last_activity_at,
    autoCloseAt: row.auto_close_at,
    closeRequest: row.close_request ? closeRequestFromJson(row.close_request) : null,
    transcript: row.transcript
      ? {
          digest: row.transcript.digest,
          sealedAt: new Date(row.transcript.sealedAt),
          messageCount: row.transcript.messageCount,
        }
      : null,
    feedback:
      row.feedback_rating !== null && row.feedback_at !== null
        ? {
            rating: row.feedback_rating,
            comment: row.feedback_comment,
            submittedAt: row.feedback_at,
            staffId: row.feedback_staff_id,
          }
        : null,
    version: row.version,
  };
}

/** The columns a ticket writes (everything but the generated timer column). */
export function ticketToRow(ticket: Ticket): Omit<
  Selectable<TicketTable>,
  'next_timer_at' | 'close_request' | 'transcript' | 'answers'
> & {
  close_request: string | null;
  transcript: string | null;
  answers: string;
} {
  const pending = ticket.closeRequest;
  return {
    id: ticket.id,
    guild_id: ticket.guildId,
    number: ticket.number,
    panel_id: ticket.panelId,
    category: ticket.category,
    category_id: ticket.categoryId,
    answers: JSON.stringify(ticket.answers.map((a) => ({ label: a.label, value: a.value }))),
    answers_text: ticket.answers.map((a) => a.value).join('\n'),
    subject: ticket.subject,
    description: ticket.description,
    status: ticket.status,
    priority: priorityRank(ticket.priority),
    opener_id: ticket.openerId,
    assignee_id: ticket.assigneeId,
    channel_id: ticket.channelId,
    tags: [...ticket.tags],
    member_ids: [...ticket.memberIds],
    created_at: ticket.createdAt,
    updated_at: ticket.updatedAt,
    closed_at: ticket.closedAt,
    close_reason: ticket.closeReason,
    closed_by: ticket.closedBy,
    first_response_at: ticket.firstResponseAt,
    last_activity_at: ticket.lastActivityAt,
    auto_close_at: ticket.autoCloseAt,
    close_request: pending ? JSON.stringify(closeRequestToJson(pending)) : null,
    close_request_due_at: pending?.status === 'pending' ? pending.deadline : null,
    transcript: ticket.transcript
      ? JSON.stringify({
          digest: ticket.transcript.digest,
          sealedAt: ticket.transcript.sealedAt.toISOString(),
          messageCount: ticket.transcript.messageCount,
        })
      : null,
    feedback_rating: ticket.feedback?.rating ?? null,
    feedback_comment: ticket.feedback?.comment ?? null,
    feedback_at: ticket.feedback?.submittedAt ?? null,
    feedback_staff_id: ticket.feedback?.staffId ?? null,
    version: ticket.version,
  };
}

function closeRequestToJson(request: CloseRequest): StoredCloseRequest {
  return {
    id: request.id,
    requesterId: request.requesterId,
    reason: request.reason,
    deadline: request.deadline.toISOString(),
    status: request.status,
    createdAt: request.createdAt.toISOString(),
  };
}

function closeRequestFromJson(json: StoredCloseRequest): CloseRequest {
  return {
    id: json.id,
    requesterId: json.requesterId,
    reason: json.reason,
    deadline: new Date(json.deadline),
    status: json.status as CloseRequest['status'],
    createdAt: new Date(json.createdAt),
    resolvedAt: null,
    resolvedBy: null,
  };
}
