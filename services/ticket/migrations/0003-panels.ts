import { type Kysely, sql } from 'kysely';

/** Ticket panels: the "open a ticket" messages the bot posts. Frozen in time. */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('panels')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('button_label', 'text', (c) => c.notNull())
    .addColumn('colour', 'integer', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('channel_id', 'text')
    .addColumn('message_id', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', sql`timestamptz(3)`, (c) => c.notNull())
    .addColumn('updated_at', sql`timestamptz(3)`, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('panels_guild').on('panels').columns(['guild_id', 'created_at']).execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('panels').execute();
}
