import { type Generated, type Kysely, sql } from 'kysely';

/** A row of the outbox: one committed event waiting for its JetStream ack. */
export interface OutboxTable {
  id: Generated<string>;
  event_id: string;
  guild_id: string;
  subject: string;
  payload: Uint8Array;
  created_at: Generated<Date>;
}

/** The slice of a service's database the outbox reads and writes. */
export interface OutboxDatabase {
  outbox: OutboxTable;
}

/**
 * The outbox table in the service's schema; services list this in their migrations. Frozen in time
 * like every migration: changing it means adding a new migration, not editing this one.
 */
export const outboxMigration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'bigserial', (c) => c.primaryKey())
      .addColumn('event_id', 'uuid', (c) => c.notNull().unique())
      .addColumn('guild_id', 'text', (c) => c.notNull())
      .addColumn('subject', 'text', (c) => c.notNull())
      .addColumn('payload', 'bytea', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('outbox').execute();
  },
};

/** Advisory-lock class ids (first int4 of the two-key form), unique to Guildwire. */
export const lockClass = { guildOrder: 0x4757_0001, relay: 0x4757_0002 } as const;
