import { type Kysely, sql } from 'kysely';

/**
 * Finding tickets by what was written in their conversation (`GET …/tickets?messages=`).
 * Frozen in time.
 *
 * A GIN index on the words of each message, `to_tsvector('simple', content)`: the `simple`
 * configuration only splits and lower-cases (no stemming, no stop words), because a guild writes in
 * any language and a moderator searches for the word that was written, ids and codes included. It is
 * core Postgres (no extension to install). Queries must use this very expression to use the index.
 * A deleted message has its content cleared, so it drops out of the index by itself.
 *
 * Kysely runs a migration in a transaction, so this is not `create index concurrently`: building it
 * holds writes to ticket_messages for the length of the build.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index ticket_messages_words on ticket_messages using gin (to_tsvector('simple'::regconfig, content))`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ticket_messages_words').execute();
}
