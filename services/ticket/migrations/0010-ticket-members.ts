import { type Kysely, sql } from 'kysely';

/**
 * Members of a ticket: people besides the opener whom staff let into the ticket's Discord thread or
 * channel. Kept on the ticket row (like tags) rather than in a table of their own: every change of
 * a ticket already locks and rewrites its row, every event carries the whole ticket, and a ticket
 * has a handful of members at most (the service caps them), so the row stays small and an add or
 * remove is ordered with every other change by the row lock. Frozen in time.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tickets')
    .addColumn('member_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('tickets').dropColumn('member_ids').execute();
}
