import { type Kysely, sql } from 'kysely';

/**
 * Login sessions and their refresh tokens.
 *
 * A session holds what token issuing needs without asking Discord again: the person's Discord
 * tokens (sealed with a key derived from DASHBOARD_SESSION_SECRET), their guild list as Discord
 * last gave it (`guilds`, read at login and on an explicit refresh, so page loads never meet
 * Discord's rate limit on /users/@me/guilds) and the roles last granted (`grants`, the fallback for
 * a guild whose bot or config lookup times out).
 *
 * Refresh tokens are stored as SHA-256 hashes; a used one stays (with `used_at`) until its session
 * is purged, so presenting it again is recognised as a reuse and ends the session.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('global_name', 'text')
    .addColumn('avatar', 'text')
    .addColumn('discord_tokens', 'bytea', (c) => c.notNull())
    .addColumn('guilds', 'jsonb', (c) => c.notNull())
    .addColumn('guilds_fetched_at', 'timestamptz', (c) => c.notNull())
    .addColumn('grants', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_used_at', 'timestamptz', (c) => c.notNull())
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('revoked_at', 'timestamptz')
    .addColumn('revoke_reason', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_expiry').on('sessions').column('expires_at').execute();
  await db.schema
    .createTable('refresh_tokens')
    .addColumn('token_hash', 'bytea', (c) => c.primaryKey())
    .addColumn('session_id', 'uuid', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('used_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('refresh_tokens_session').on('refresh_tokens').column('session_id').execute();
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('refresh_tokens').execute();
  await db.schema.dropTable('sessions').execute();
}
