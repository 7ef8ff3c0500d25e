import { type Kysely, sql } from 'kysely';

// Millisecond precision: JavaScript dates carry milliseconds, and a version's time makes a round
// trip through JSON (history pages, events), so the database must not keep more.
const ts = sql`timestamptz(3)`;

/**
 * Module settings: the current version per (guild, module), every version in the history, and the
 * idempotency keys. Frozen in time: later changes get their own migration.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  // One row per guild and module the guild ever changed (no row: version 0, the defaults). A write
  // locks this row (or, for the first version, races on its primary key), so one writer wins each
  // version and the others see the new version and answer 412.
  await db.schema
    .createTable('module_settings')
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('module_settings_pk', ['guild_id', 'module'])
    .execute();

  // Every version ever made, with its full content (a rollback restores it as it was), what it
  // changed and who made it. The primary key is the second guard of "one version, one writer".
  await db.schema
    .createTable('settings_versions')
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('module', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version > 0`))
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('update', 'rollback', 'reset')`))
    .addColumn('changes', 'jsonb', (c) => c.notNull())
    .addColumn('restored_version', 'integer')
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('settings_versions_pk', ['guild_id', 'module', 'version'])
    .execute();

  await db.schema
    .createTable('idempotency_keys')
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('operation', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('reply', 'jsonb')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['guild_id', 'operation', 'key'])
    .execute();
  await db.schema
    .createIndex('idempotency_keys_created')
    .on('idempotency_keys')
    .column('created_at')
    .execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('idempotency_keys').execute();
  await db.schema.dropTable('settings_versions').execute();
  await db.schema.dropTable('module_settings').execute();
}
