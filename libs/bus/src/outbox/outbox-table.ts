import type { Generated } from 'kysely';

/**
 * A row of the outbox: one committed event waiting for its JetStream ack. Each service creates the
 * table in a migration of its own (frozen in time, so it does not import this lib).
 */
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

/** Advisory-lock class ids (first int4 of the two-key form), unique to Guildwire. */
export const lockClass = { guildOrder: 0x4757_0001, relay: 0x4757_0002 } as const;
