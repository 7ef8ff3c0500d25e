import { type Kysely, sql } from 'kysely';

const ts = sql`timestamptz(3)`;

/**
 * Ticket conversations: the Discord messages of each ticket's thread or channel, the replies
 * written on the dashboard, and the transcripts sealed at each close. Frozen in time.
 *
 * - `ticket_messages` is keyed (ticket_id, message_id) with the Discord snowflake as a bigint:
 *   snowflakes grow with time, so the primary key's index is also the conversation's order, and a
 *   page (`message_id > cursor order by message_id limit n`) is one index range scan whatever the
 *   ticket's size. A row may be a tombstone (deleted_at set, nothing else known) when a delete
 *   arrived before its create.
 * - `ticket_transcripts` keeps each seal's rendered body: what was sealed never changes, whatever
 *   is edited or deleted later, and the digest on the ticket row is the body's sha256.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ticket_messages')
    .addColumn('ticket_id', 'uuid', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('message_id', 'bigint', (c) => c.notNull())
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text', (c) => c.notNull())
    .addColumn('author', 'jsonb', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('embeds', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('attachments', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('mentions', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'`))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('edited_at', ts)
    .addColumn('deleted_at', ts)
    .addColumn('reply_id', 'uuid')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_messages_pk', ['ticket_id', 'message_id'])
    .execute();

  await db.schema
    .createTable('ticket_replies')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('ticket_id', 'uuid', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'posted', 'failed')`))
    .addColumn('message_id', 'bigint')
    .addColumn('error', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ticket_replies_ticket').on('ticket_replies').columns(['ticket_id']).execute();

  await db.schema
    .createTable('ticket_transcripts')
    .addColumn('ticket_id', 'uuid', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('seal', 'integer', (c) => c.notNull())
    .addColumn('sealed_at', ts, (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('message_count', 'integer', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_transcripts_pk', ['ticket_id', 'seal'])
    .execute();

  // The latest seal's summary rides on the ticket (the Ticket snapshot events carry).
  await db.schema.alterTable('tickets').addColumn('transcript', 'jsonb').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').dropColumn('transcript').execute();
  await db.schema.dropTable('ticket_transcripts').execute();
  await db.schema.dropTable('ticket_replies').execute();
  await db.schema.dropTable('ticket_messages').execute();
}
