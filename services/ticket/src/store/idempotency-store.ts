import type { Kysely } from 'kysely';
import type { TicketDatabase } from './database.js';

/** What a request's idempotency key found. */
export type IdempotencyClaim =
  | { readonly kind: 'new' }
  | { readonly kind: 'replay'; readonly fingerprint: string; readonly reply: unknown };

/** Idempotency keys of one database or transaction. */
export function idempotencyStore(db: Kysely<TicketDatabase>) {
  return {
    /**
     * Reserves the key inside the caller's transaction. A concurrent request with the same key blocks
     * on the primary key until the first commits (→ replay of its reply) or rolls back (→ new).
     */
    async claim(
      guildId: string,
      operation: string,
      key: string,
      fingerprint: string,
      now: Date,
    ): Promise<IdempotencyClaim> {
      const inserted = await db
        .insertInto('idempotency_keys')
        .values({ guild_id: guildId, operation, key, fingerprint, reply: null, created_at: now })
        .onConflict((oc) => oc.doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted) return { kind: 'new' };
      const row = await db
        .selectFrom('idempotency_keys')
        .select(['fingerprint', 'reply'])
        .where('guild_id', '=', guildId)
        .where('operation', '=', operation)
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      return { kind: 'replay', fingerprint: row.fingerprint, reply: row.reply };
    },

    async saveReply(guildId: string, operation: string, key: string, reply: unknown): Promise<void> {
      await db
        .updateTable('idempotency_keys')
        .set({ reply: JSON.stringify(reply) })
        .where('guild_id', '=', guildId)
        .where('operation', '=', operation)
        .where('key', '=', key)
        .execute();
    },

    /** Forgets keys older than `before` (retries come within minutes; keys are kept for a day). */
    async purge(before: Date): Promise<number> {
      const result = await db
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', before)
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
