import { type Kysely, sql } from 'kysely';

// Millisecond precision, as JavaScript dates and the JSON cursors carry.
const ts = sql`timestamptz(3)`;

/**
 * Giveaways, their entries, winners and audit trail, and the idempotency keys. Frozen in time:
 * later changes get their own migration.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('giveaways')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('prize', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('host_id', 'text', (c) => c.notNull())
    .addColumn('channel_id', 'text')
    .addColumn('message_id', 'text')
    .addColumn('winner_count', 'integer', (c) => c.notNull().check(sql`winner_count > 0`))
    .addColumn('status', 'text', (c) =>
      c.notNull().check(sql`status in ('scheduled', 'running', 'paused', 'ended', 'cancelled')`),
    )
    .addColumn('starts_at', ts, (c) => c.notNull())
    .addColumn('ends_at', ts, (c) => c.notNull())
    .addColumn('paused_at', ts)
    .addColumn('ended_at', ts)
    .addColumn('cancelled_at', ts)
    .addColumn('requirements', 'jsonb', (c) => c.notNull())
    .addColumn('bonus_entries', 'jsonb', (c) => c.notNull())
    // The draw: the seed is secret until the end (only its SHA-256 is published before).
    .addColumn('seed', 'text', (c) => c.notNull())
    .addColumn('seed_commitment', 'text', (c) => c.notNull())
    .addColumn('beacon', 'text')
    .addColumn('beacon_round', 'bigint')
    // When the beacon round is published: the draw cannot happen before it.
    .addColumn('beacon_at', ts)
    .addColumn('beacon_randomness', 'text')
    .addColumn('entries_digest', 'text')
    .addColumn('rounds', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'`))
    // Kept by the coalesced count (and exact at the end); not part of the version.
    .addColumn('entrant_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('counted_at', ts)
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    // The scheduler's one column: a scheduled giveaway falls due at its start, a running one at
    // its end (or at its beacon round, if later). Paused, ended and cancelled ones never fall due.
    .addColumn('next_due_at', ts, (c) =>
      c
        .generatedAlwaysAs(
          sql`case status when 'scheduled' then starts_at when 'running' then greatest(ends_at, beacon_at) end`,
        )
        .stored(),
    )
    .execute();
  await db.schema
    .createIndex('giveaways_guild_created')
    .on('giveaways')
    .columns(['guild_id', 'created_at', 'id'])
    .execute();
  await db.schema
    .createIndex('giveaways_next_due')
    .on('giveaways')
    .column('next_due_at')
    .where(sql.ref('next_due_at'), 'is not', null)
    .execute();

  // One entry per user per giveaway (the primary key makes concurrent entries of one user one row).
  // User ids are bigint: snowflakes fit, and the draw's order (numeric) is the index order.
  await db.schema
    .createTable('entries')
    .addColumn('giveaway_id', 'uuid', (c) => c.notNull().references('giveaways.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('weight', 'integer', (c) => c.notNull().check(sql`weight > 0`))
    .addColumn('entered_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('entries_pk', ['giveaway_id', 'user_id'])
    .execute();

  // Every winner of every round; the primary key means nobody wins one giveaway twice.
  await db.schema
    .createTable('winners')
    .addColumn('giveaway_id', 'uuid', (c) => c.notNull().references('giveaways.id').onDelete('cascade'))
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('round', 'integer', (c) => c.notNull())
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('drawn_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('winners_pk', ['giveaway_id', 'user_id'])
    .addUniqueConstraint('winners_rank_unique', ['giveaway_id', 'rank'])
    .execute();

  await db.schema
    .createTable('giveaway_history')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('giveaway_id', 'uuid', (c) => c.notNull().references('giveaways.id').onDelete('cascade'))
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('actor_kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('changes', 'jsonb')
    .addColumn('at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('giveaway_history_giveaway')
    .on('giveaway_history')
    .columns(['giveaway_id', 'id'])
    .execute();

  // A retried request finds its first reply here (service-kit's onceByKey).
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
  for (const table of ['idempotency_keys', 'giveaway_history', 'winners', 'entries', 'giveaways']) {
    await db.schema.dropTable(table).execute();
  }
}
