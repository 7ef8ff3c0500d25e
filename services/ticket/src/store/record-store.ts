import type { Kysely } from 'kysely';
import type {
  ActorKind,
  Attachment,
  CloseRequest,
  Comment,
  HistoryEntry,
  TicketStatus,
} from '../domain/ticket.js';
import type { TicketDatabase } from './database.js';

/** Comments, attachments, close requests and history of tickets in one database or transaction. */
export function ticketRecordStore(db: Kysely<TicketDatabase>) {
  return {
    async insertComment(guildId: string, comment: Comment): Promise<void> {
      await db
        .insertInto('ticket_comments')
        .values({
          id: comment.id,
          ticket_id: comment.ticketId,
          guild_id: guildId,
          author_id: comment.authorId,
          body: comment.body,
          created_at: comment.createdAt,
        })
        .execute();
    },

    async comments(ticketId: string): Promise<Comment[]> {
      const rows = await db
        .selectFrom('ticket_comments')
        .selectAll()
        .where('ticket_id', '=', ticketId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        ticketId: r.ticket_id,
        authorId: r.author_id,
        body: r.body,
        createdAt: r.created_at,
      }));
    },

    async insertAttachment(guildId: string, attachment: Attachment): Promise<void> {
      await db
        .insertInto('ticket_attachments')
        .values({
          id: attachment.id,
          ticket_id: attachment.ticketId,
          guild_id: guildId,
          name: attachment.name,
          url: attachment.url,
          content_type: attachment.contentType,
          size: attachment.size,
          uploader_id: attachment.uploaderId,
          created_at: attachment.createdAt,
        })
        .execute();
    },

    /** Deletes an attachment of the ticket; false when it does not exist. */
    async deleteAttachment(ticketId: string, attachmentId: string): Promise<boolean> {
      const result = await db
        .deleteFrom('ticket_attachments')
        .where('ticket_id', '=', ticketId)
        .where('id', '=', attachmentId)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },

    async hasAttachment(ticketId: string, attachmentId: string): Promise<boolean> {
      const row = await db
        .selectFrom('ticket_attachments')
        .select('id')
        .where('ticket_id', '=', ticketId)
        .where('id', '=', attachmentId)
        .executeTakeFirst();
      return row !== undefined;
    },

    async attachments(ticketId: string): Promise<Attachment[]> {
      const rows = await db
        .selectFrom('ticket_attachments')
        .selectAll()
        .where('ticket_id', '=', ticketId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        id: r.id,
        ticketId: r.ticket_id,
        name: r.name,
        url: r.url,
        contentType: r.content_type,
        size: Number(r.size),
        uploaderId: r.uploader_id,
        createdAt: r.created_at,
      }));
    },

    async insertCloseRequest(guildId: string, ticketId: string, request: CloseRequest): Promise<void> {
      await db
        .insertInto('close_requests')
        .values({
          id: request.id,
          ticket_id: ticketId,
          guild_id: guildId,
          requester_id: request.requesterId,
          reason: request.reason,
          deadline: request.deadline,
          status: request.status,
          created_at: request.createdAt,
          resolved_at: null,
          resolved_by: null,
        })
        .execute();
    },

    async resolveCloseRequest(request: CloseRequest): Promise<void> {
      await db
        .updateTable('close_requests')
        .set({ status: request.status, resolved_at: request.resolvedAt, resolved_by: request.resolvedBy })
        .where('id', '=', request.id)
        .execute();
    },

    async insertHistory(guildId: string, ticketId: string, entry: HistoryEntry): Promise<void> {
      await db
        .insertInto('ticket_history')
        .values({
          ticket_id: ticketId,
          guild_id: guildId,
          action: entry.action,
          actor_kind: entry.actorKind,
          actor_id: entry.actorId,
          from_status: entry.fromStatus,
          to_status: entry.toStatus,
          version: entry.version,
          at: entry.at,
        })
        .execute();
    },

    async history(ticketId: string): Promise<HistoryEntry[]> {
      const rows = await db
        .selectFrom('ticket_history')
        .selectAll()
        .where('ticket_id', '=', ticketId)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        action: r.action,
        actorKind: r.actor_kind as ActorKind,
        actorId: r.actor_id,
        fromStatus: r.from_status as TicketStatus | null,
        toStatus: r.to_status as TicketStatus,
        version: r.version,
        at: r.at,
      }));
    },
  };
}
