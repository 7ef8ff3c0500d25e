import { type Kysely, sql } from 'kysely';

/**
 * The ticket blacklist: users and roles of a guild who may not open tickets, each with the reason
 * shown to them, who set it and when. One row per (guild, kind, target): adding an entry again
 * replaces its reason. The open reads it by the primary key (the opener, and each of their roles),
 * so no other index is needed. Numbered 0011 (0010, 0012 and 0013 belong to work merged beside it).
 * Frozen in time.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ticket_blacklist')
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('user', 'role')`))
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('added_by', 'text', (c) => c.notNull())
    .addColumn('added_at', sql`timestamptz(3)`, (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('ticket_blacklist_pkey', ['guild_id', 'kind', 'target_id'])
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('ticket_blacklist').execute();
}
