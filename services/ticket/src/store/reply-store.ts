import type { Kysely, Selectable } from 'kysely';
import type { ReplyDraft, TranscriptSeal } from '../domain/conversation.js';
import type { ReplyTable, TicketDatabase } from './database.js';

function replyFromRow(row: Selectable<ReplyTable>): ReplyDraft {
  return {
    id: row.id,
    ticketId: row.ticket_id,
    guildId: row.guild_id,
    authorId: row.author_id,
    content: row.content,
    status: row.status,
    messageId: row.message_id === null ? null : String(row.message_id),
    error: row.error,
    createdAt: row.created_at,
    version: row.version,
    tagName: row.tag_name,
  };
}

/** Dashboard replies and sealed transcripts, in one database or transaction. */
export function replyStore(db: Kysely<TicketDatabase>) {
  return {
    async insert(reply: ReplyDraft): Promise<void> {
      await db
        .insertInto('ticket_replies')
        .values({
          id: reply.id,
          ticket_id: reply.ticketId,
          guild_id: reply.guildId,
          author_id: reply.authorId,
          content: reply.content,
          status: reply.status,
          message_id: reply.messageId,
          error: reply.error,
          created_at: reply.createdAt,
          version: reply.version,
          tag_name: reply.tagName,
        })
        .execute();
    },

    /** The reply, row-locked; undefined when it is not one of `ticketId`'s. */
    async findForUpdate(ticketId: string, replyId: string): Promise<ReplyDraft | undefined> {
      const row = await db
        .selectFrom('ticket_replies')
        .selectAll()
        .where('id', '=', replyId)
        .where('ticket_id', '=', ticketId)
        .forUpdate()
        .executeTakeFirst();
      return row ? replyFromRow(row) : undefined;
    },

    async update(reply: ReplyDraft): Promise<void> {
      await db
        .updateTable('ticket_replies')
        .set({
          status: reply.status,
          message_id: reply.messageId,
          error: reply.error,
          version: reply.version,
        })
        .where('id', '=', reply.id)
        .execute();
    },

    /** A ticket's replies not posted (yet): pending and failed, oldest first. */
    async unposted(ticketId: string): Promise<ReplyDraft[]> {
      const rows = await db
        .selectFrom('ticket_replies')
        .selectAll()
        .where('ticket_id', '=', ticketId)
        .where('status', '<>', 'posted')
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(replyFromRow);
    },

    /** Keeps a seal's body; the seal number is one more than the ticket's last. */
    async insertTranscript(ticketId: string, seal: TranscriptSeal, body: string): Promise<void> {
      const last = await db
        .selectFrom('ticket_transcripts')
        .select((eb) => eb.fn.max('seal').as('seal'))
        .where('ticket_id', '=', ticketId)
        .executeTakeFirst();
      await db
        .insertInto('ticket_transcripts')
        .values({
          ticket_id: ticketId,
          seal: Number(last?.seal ?? 0) + 1,
          sealed_at: seal.sealedAt,
          digest: seal.digest,
          message_count: seal.messageCount,
          body,
        })
        .execute();
    },

    /** The body of the ticket's latest seal, if it was ever closed. */
    async latestTranscript(ticketId: string): Promise<{ body: string; digest: string } | undefined> {
      return db
        .selectFrom('ticket_transcripts')
        .select(['body', 'digest'])
        .where('ticket_id', '=', ticketId)
        .orderBy('seal', 'desc')
        .limit(1)
        .executeTakeFirst();
    },
  };
}
