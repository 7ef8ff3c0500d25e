import type { ColumnType, Kysely } from 'kysely';

/**
 * The `idempotency_keys` table a service keeps in its own schema. Its migration is the service's
 * own (migrations are frozen in time and import no lib); it must create exactly:
 *
 *   create table idempotency_keys (
 *     guild_id text not null, operation text not null, key text not null,
 *     fingerprint text not null, reply jsonb, created_at timestamptz not null,
 *     primary key (guild_id, operation, key));
 *   create index idempotency_keys_created on idempotency_keys (created_at);
 */
export interface IdempotencyKeysTable {
  guild_id: string;
  operation: string;
  key: string;
  fingerprint: string;
  /** The first reply, as JSON; null while the first request is still running. */
  reply: ColumnType<unknown, string | null, string | null>;
  created_at: Date;
}

/** The slice of a service's database idempotency uses. */
export interface IdempotencyDatabase {
  idempotency_keys: IdempotencyKeysTable;
}

/** What a request's idempotency key found. */
export type IdempotencyClaim =
  | { readonly kind: 'new' }
  | { readonly kind: 'replay'; readonly fingerprint: string; readonly reply: unknown };

/** Where a key is valid: one guild, one operation. */
export interface IdempotencyKeyRef {
  readonly guildId: string;
  readonly operation: string;
  readonly key: string;
}

/** Idempotency keys of one database or transaction. */
// biome-ignore lint/suspicious/noExplicitAny: Kysely's database type is invariant; any database with an idempotency_keys table fits
export function idempotencyStore(database: Kysely<any>) {
  const db = database as Kysely<IdempotencyDatabase>;
  const byRef = (ref: IdempotencyKeyRef) =>
    db
      .selectFrom('idempotency_keys')
      .where('guild_id', '=', ref.guildId)
      .where('operation', '=', ref.operation)
      .where('key', '=', ref.key);
  return {
    /**
     * Reserves the key inside the caller's transaction. A concurrent request with the same key blocks
     * on the primary key until the first commits (→ replay of its reply) or rolls back (→ new).
     */
    async claim(ref: IdempotencyKeyRef, fingerprint: string, now: Date): Promise<IdempotencyClaim> {
      const inserted = await db
        .insertInto('idempotency_keys')
        .values({
          guild_id: ref.guildId,
          operation: ref.operation,
          key: ref.key,
          fingerprint,
          reply: null,
          created_at: now,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted) return { kind: 'new' };
      const row = await byRef(ref).select(['fingerprint', 'reply']).executeTakeFirstOrThrow();
      return { kind: 'replay', fingerprint: row.fingerprint, reply: row.reply };
    },

    async saveReply(ref: IdempotencyKeyRef, reply: unknown): Promise<void> {
      await db
        .updateTable('idempotency_keys')
        .set({ reply: JSON.stringify(reply) })
        .where('guild_id', '=', ref.guildId)
        .where('operation', '=', ref.operation)
        .where('key', '=', ref.key)
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
