import { type Kysely, sql } from 'kysely';

/**
 * Tags: a guild's canned replies. Names are unique per guild; they are stored lower case (the
 * service folds them), so the unique index is the case-insensitive rule and a concurrent create of
 * "Refund" and "refund" has one winner (23505 → 409). `keywords` are the words whose appearance in
 * the opener's messages posts the tag once per ticket; `ticket_tag_auto_replies` is that "once":
 * its primary key is claimed in the transaction that records the message, so two replicas
 * recording two matching messages post one reply. A deleted tag takes its claims with it.
 *
 * `ticket_replies.tag_name`: the tag a reply posts (the bot words its embed from it). Frozen in time.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  const ts = sql`timestamptz(3)`;
  await db.schema
    .createTable('ticket_tags')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull().check(sql`name = lower(name)`))
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('keywords', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ticket_tags_guild_name')
    .on('ticket_tags')
    .columns(['guild_id', 'name'])
    .unique()
    .execute();

  await db.schema
    .createTable('ticket_tag_auto_replies')
    .addColumn('ticket_id', 'uuid', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('tag_id', 'uuid', (c) => c.notNull().references('ticket_tags.id').onDelete('cascade'))
    .addColumn('reply_id', 'uuid', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_tag_auto_replies_pk', ['ticket_id', 'tag_id'])
    .execute();

  await db.schema.alterTable('ticket_replies').addColumn('tag_name', 'text').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ticket_replies').dropColumn('tag_name').execute();
  await db.schema.dropTable('ticket_tag_auto_replies').execute();
  await db.schema.dropTable('ticket_tags').execute();
}
