import { outboxMigration } from '@guildwire/bus';
import type { Kysely } from 'kysely';

/** The transactional outbox of the ticket service (libs/bus owns its shape). */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await outboxMigration.up(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await outboxMigration.down(db);
}
