import { type Kysely, type Selectable, sql } from 'kysely';
import type {
  MessageAttachment,
  MessageAuthor,
  MessageEmbed,
  MessageMention,
  TicketMessage,
} from '../domain/conversation.js';
import type { MessageTable, TicketDatabase } from './database.js';

/** The message a row describes. */
export function messageFromRow(row: Selectable<MessageTable>): TicketMessage {
  return {
    id: String(row.message_id),
    ticketId: row.ticket_id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    author: row.author as MessageAuthor,
    content: row.content,
    embeds: row.embeds as MessageEmbed[],
    attachments: row.attachments as MessageAttachment[],
    mentions: row.mentions as MessageMention[],
    createdAt: row.created_at,
    editedAt: row.edited_at,
    deletedAt: row.deleted_at,
    replyId: row.reply_id,
    version: row.version,
  };
}

function messageToRow(m: TicketMessage) {
  return {
    ticket_id: m.ticketId,
    message_id: m.id,
    guild_id: m.guildId,
    channel_id: m.channelId,
    author: JSON.stringify(m.author),
    content: m.content,
    embeds: JSON.stringify(m.embeds),
    attachments: JSON.stringify(m.attachments),
    mentions: JSON.stringify(m.mentions),
    created_at: m.createdAt,
    edited_at: m.editedAt,
    deleted_at: m.deletedAt,
    reply_id: m.replyId,
    version: m.version,
  };
}

/** One page of a conversation and where the next starts. */
export interface MessagePage {
  readonly items: TicketMessage[];
  readonly nextCursor: string | undefined;
}

/** Messages of tickets, in one database or transaction. */
export function messageStore(db: Kysely<TicketDatabase>) {
  return {
    /** The kept message, row-locked until the transaction ends; undefined when none is kept. */
    async findForUpdate(ticketId: string, messageId: string): Promise<TicketMessage | undefined> {
      const row = await db
        .selectFrom('ticket_messages')
        .selectAll()
        .where('ticket_id', '=', ticketId)
        .where('message_id', '=', messageId)
        .forUpdate()
        .executeTakeFirst();
      return row ? messageFromRow(row) : undefined;
    },

    /** Inserts a message unless one with its id is kept already; true when inserted. */
    async insertIfAbsent(message: TicketMessage): Promise<boolean> {
      const result = await db
        .insertInto('ticket_messages')
        .values(messageToRow(message))
        .onConflict((oc) => oc.columns(['ticket_id', 'message_id']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
    },

    async update(message: TicketMessage): Promise<void> {
      const { ticket_id, message_id, ...row } = messageToRow(message);
      await db
        .updateTable('ticket_messages')
        .set(row)
        .where('ticket_id', '=', ticket_id)
        .where('message_id', '=', message_id)
        .execute();
    },

    /**
     * A page in Discord order (oldest first, or newest first with `descending`), after `cursor`
     * (a message id). One range scan of the primary key: as fast at message 10,000 as at 10.
     * Tombstones (version 0: a delete seen before its create) are not messages anyone saw.
     */
    async page(
      ticketId: string,
      options: { limit: number; cursor?: string | undefined; descending?: boolean },
    ): Promise<MessagePage> {
      let query = db
        .selectFrom('ticket_messages')
        .selectAll()
        .where('ticket_id', '=', ticketId)
        .where('version', '>', 0);
      if (options.cursor !== undefined)
        query = query.where('message_id', options.descending ? '<' : '>', options.cursor);
      const rows = await query
        .orderBy('message_id', options.descending ? 'desc' : 'asc')
        .limit(options.limit + 1)
        .execute();
      const items = rows.slice(0, options.limit).map(messageFromRow);
      const more = rows.length > options.limit;
      return { items, nextCursor: more ? items.at(-1)?.id : undefined };
    },

    /** Every message of a ticket that was not deleted, in order (what a transcript holds). */
    async transcriptMessages(ticketId: string): Promise<TicketMessage[]> {
      const rows = await db
        .selectFrom('ticket_messages')
        .selectAll()
        .where('ticket_id', '=', ticketId)
        .where('version', '>', 0)
        .where('deleted_at', 'is', null)
        .orderBy('message_id')
        .execute();
      return rows.map(messageFromRow);
    },

    /**
     * Each ticket's newest `limit` messages that are not deleted (tombstones excluded), newest
     * first: id and edit time, what a backfill compares with Discord. One index range per ticket
     * (a lateral join on the primary key), however long the conversations are.
     */
    async recentStamps(
      ticketIds: readonly string[],
      limit: number,
    ): Promise<Map<string, { id: string; editedAt: Date | null }[]>> {
      const result = new Map<string, { id: string; editedAt: Date | null }[]>();
      if (ticketIds.length === 0 || limit <= 0) return result;
      const rows = await sql<{ ticket_id: string; message_id: string; edited_at: Date | null }>`
        select t.id as ticket_id, m.message_id::text as message_id, m.edited_at
        from unnest(${[...ticketIds]}::uuid[]) as t(id)
        cross join lateral (
          select message_id, edited_at from ticket_messages
          where ticket_id = t.id and version > 0 and deleted_at is null
          order by message_id desc limit ${limit}
        ) m
        order by t.id, m.message_id desc`.execute(db);
      for (const row of rows.rows) {
        const list = result.get(row.ticket_id) ?? [];
        list.push({ id: row.message_id, editedAt: row.edited_at });
        result.set(row.ticket_id, list);
      }
      return result;
    },

    /** The newest kept message id of each ticket (tombstones included: they were seen). */
    async lastMessageIds(ticketIds: readonly string[]): Promise<Map<string, string>> {
      if (ticketIds.length === 0) return new Map();
      const rows = await db
        .selectFrom('ticket_messages')
        .select(['ticket_id', sql<string>`max(message_id)::text`.as('last')])
        .where('ticket_id', 'in', [...ticketIds])
        .groupBy('ticket_id')
        .execute();
      return new Map(rows.map((r) => [r.ticket_id, r.last]));
    },
  };
}
