import { type Kysely, sql } from 'kysely';

/**
 * Creates the outbox table exactly as the services' migrations do, for tests and benchmarks that
 * build their own database. A service's migration never calls this: migrations are frozen in time
 * and spell the table out (services/ticket/migrations/0001-outbox.ts), which the depcruise rule
 * `migrations-import-no-libs` enforces.
 */
// biome-ignore lint/suspicious/noExplicitAny: works on any database; the table is the outbox's own
export async function createOutboxTable(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('outbox')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('event_id', 'uuid', (c) => c.notNull().unique())
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('payload', 'bytea', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export type { CollectedEvents } from './collect-events.js';
export { collectEvents } from './collect-events.js';
