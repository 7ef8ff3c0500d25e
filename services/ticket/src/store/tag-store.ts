import { type Kysely, type Selectable, sql } from 'kysely';
import type { Tag } from '../domain/tag.js';
import type { TagTable, TicketDatabase } from './database.js';

function tagFromRow(row: Selectable<TagTable>): Tag {
  return {
    id: row.id,
    guildId: row.guild_id,
    name: row.name,
    content: row.content,
    keywords: row.keywords,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function tagToRow(tag: Tag): Selectable<TagTable> {
  return {
    id: tag.id,
    guild_id: tag.guildId,
    name: tag.name,
    content: tag.content,
    keywords: [...tag.keywords],
    version: tag.version,
    created_at: tag.createdAt,
    updated_at: tag.updatedAt,
  };
}

// LIKE's own characters in a typed prefix are matched as themselves.
const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Tags of one database or transaction. */
export function tagStore(db: Kysely<TicketDatabase>) {
  return {
    /** Inserts the tag; a name the guild already has fails with 23505 (ticket_tags_guild_name). */
    async insert(tag: Tag): Promise<void> {
      await db.insertInto('ticket_tags').values(tagToRow(tag)).execute();
    },
    async update(tag: Tag): Promise<void> {
      const { id: _i, guild_id: _g, created_at: _c, ...changes } = tagToRow(tag);
      await db.updateTable('ticket_tags').set(changes).where('id', '=', tag.id).execute();
    },
    async delete(id: string): Promise<void> {
      await db.deleteFrom('ticket_tags').where('id', '=', id).execute();
    },
    async count(guildId: string): Promise<number> {
      const row = await db
        .selectFrom('ticket_tags')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('guild_id', '=', guildId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    async find(guildId: string, id: string, options: { forUpdate?: boolean } = {}): Promise<Tag | undefined> {
      let q = db.selectFrom('ticket_tags').selectAll().where('guild_id', '=', guildId).where('id', '=', id);
      if (options.forUpdate) q = q.forUpdate();
      const row = await q.executeTakeFirst();
      return row && tagFromRow(row);
    },
    async findByName(guildId: string, name: string): Promise<Tag | undefined> {
      const row = await db
        .selectFrom('ticket_tags')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where('name', '=', name)
        .executeTakeFirst();
      return row && tagFromRow(row);
    },
    /** The guild's tags by name; with `prefix`, those whose name starts with it (index range). */
    async list(guildId: string, options: { prefix?: string; limit?: number } = {}): Promise<Tag[]> {
      let q = db.selectFrom('ticket_tags').selectAll().where('guild_id', '=', guildId).orderBy('name');
      if (options.prefix) q = q.where('name', 'like', likePrefix(options.prefix));
      if (options.limit) q = q.limit(options.limit);
      return (await q.execute()).map(tagFromRow);
    },
    /** The guild's tags that have keywords (the auto-reply candidates), by name. */
    async withKeywords(guildId: string): Promise<Tag[]> {
      const rows = await db
        .selectFrom('ticket_tags')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where(sql<boolean>`cardinality(keywords) > 0`)
        .orderBy('name')
        .execute();
      return rows.map(tagFromRow);
    },
    /**
     * Claims the auto-reply of `tagId` in `ticketId`; false when it was posted there before (or a
     * concurrent transaction claimed it first: the insert waits for it and then does nothing).
     */
    async claimAutoReply(ticketId: string, tagId: string, replyId: string, at: Date): Promise<boolean> {
      const row = await db
        .insertInto('ticket_tag_auto_replies')
        .values({ ticket_id: ticketId, tag_id: tagId, reply_id: replyId, at })
        .onConflict((oc) => oc.columns(['ticket_id', 'tag_id']).doNothing())
        .returning('tag_id')
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
