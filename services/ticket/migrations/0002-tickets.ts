import { type Kysely, sql } from 'kysely';

// Millisecond precision everywhere: JavaScript dates carry milliseconds, and list cursors compare
// timestamps that made a round trip through JSON, so the database must not keep more.
const ts = sql`timestamptz(3)`;

/**
 * Tickets, their comments, attachments, status history and close requests, the per-guild number
 * counter and the idempotency keys. Frozen in time: later changes get their own migration.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  // One row per guild; the open transaction increments it, so its row lock hands out numbers in
  // commit order and a rolled-back open gives its number back (no gaps, no duplicates).
  await db.schema
    .createTable('guild_counters')
    .addColumn('guild_id', 'text', (c) => c.primaryKey())
    .addColumn('last_number', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tickets')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('panel_id', 'uuid')
    .addColumn('category', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('open', 'claimed', 'closed')`))
    .addColumn('priority', 'smallint', (c) => c.notNull().check(sql`priority between 1 and 4`))
    .addColumn('opener_id', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('channel_id', 'text')
    .addColumn('tags', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addColumn('closed_at', ts)
    .addColumn('close_reason', 'text')
    .addColumn('closed_by', 'text')
    .addColumn('first_response_at', ts)
    .addColumn('last_activity_at', ts, (c) => c.notNull())
    // The two timers live on the ticket row: arming, re-arming and disarming them is part of the
    // same row update as the change that causes it, and firing locks only that row.
    .addColumn('auto_close_at', ts)
    .addColumn('close_request', 'jsonb')
    .addColumn('close_request_due_at', ts)
    .addColumn('next_timer_at', ts, (c) =>
      c.generatedAlwaysAs(sql`least(auto_close_at, close_request_due_at)`).stored(),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .addUniqueConstraint('tickets_guild_number_unique', ['guild_id', 'number'])
    .execute();
  await db.schema
    .createIndex('tickets_guild_created')
    .on('tickets')
    .columns(['guild_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('tickets_guild_updated')
    .on('tickets')
    .columns(['guild_id', 'updated_at', 'id'])
    .execute();
  await db.schema
    .createIndex('tickets_guild_opener_active')
    .on('tickets')
    .columns(['guild_id', 'opener_id'])
    .where(sql.ref('status'), '<>', 'closed')
    .execute();
  await db.schema
    .createIndex('tickets_next_timer')
    .on('tickets')
    .column('next_timer_at')
    .where(sql.ref('next_timer_at'), 'is not', null)
    .execute();

  await db.schema
    .createTable('ticket_comments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('ticket_id', 'uuid', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('author_id', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ticket_comments_ticket')
    .on('ticket_comments')
    .columns(['ticket_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('ticket_attachments')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('ticket_id', 'uuid', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addColumn('uploader_id', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ticket_attachments_ticket')
    .on('ticket_attachments')
    .column('ticket_id')
    .execute();

  await db.schema
    .createTable('ticket_history')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('ticket_id', 'uuid', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ticket_history_ticket')
    .on('ticket_history')
    .columns(['ticket_id', 'id'])
    .execute();

  await db.schema
    .createTable('close_requests')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('ticket_id', 'uuid', (c) => c.notNull().references('tickets.id').onDelete('cascade'))
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('requester_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('deadline', ts, (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('resolved_at', ts)
    .addColumn('resolved_by', 'text')
    .execute();

  // A retried request finds its first reply here. The primary key makes a concurrent duplicate wait
  // for the first transaction and then see its row (or take over if that one rolled back).
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
  for (const table of [
    'idempotency_keys',
    'close_requests',
    'ticket_history',
    'ticket_attachments',
    'ticket_comments',
    'tickets',
    'guild_counters',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
