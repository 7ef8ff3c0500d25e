import type { EventDef, EventOf } from '@guildwire/contracts';
import { TransactionRolledBackError } from '@guildwire/db';
import {
  type Compilable,
  isAbortedTransactionError,
  type Kysely,
  type OperationNodeSource,
  sql,
  type Transaction,
} from 'kysely';
import type { Logger } from 'pino';
import type { Bus } from '../connection.js';
import { type EncodedEvent, encodeEvent } from '../publish.js';
import { insertEventRows } from './event-rows.js';
import { createOutboxRelay, type OutboxRelay, type RelayOptions } from './relay.js';

/** Adds an event to the change in hand; it is published after the commit. */
export type EmitEvent = <D extends EventDef>(def: D, event: EventOf<D>) => void;

/** One data-modifying statement for {@link Outbox.commit}: a kysely insert, update or delete. */
export type ChangeStatement<R> = Compilable<R> & OperationNodeSource;

/**
 * A service's write path: a state change and its events commit together, and the relay publishes
 * the events afterwards, in commit order per guild, each once (JetStream deduplicates a re-publish
 * by event id).
 */
export interface Outbox<DB> {
  readonly relay: OutboxRelay;
  /**
   * Runs `work` in a transaction (kysely's `db.transaction()`). The events it emits are written to
   * the outbox as the transaction's last statement, in emit order, under their guilds' order locks;
   * the relay is kicked once the commit has succeeded. When `work` throws, nothing commits and
   * nothing is published.
   *
   * A statement whose error `work` caught still aborted the transaction: the call then rejects with
   * `TransactionRolledBackError` (code `GW_DB_ROLLED_BACK`) instead of passing for committed.
   */
  transaction<T>(work: (trx: Transaction<DB>, emit: EmitEvent) => Promise<T>): Promise<T>;
  /**
   * Commits one data-modifying statement and the events `emitEvents` emits as ONE statement (a
   * WITH query, its own transaction): one round trip, for a hot change whose events are known
   * before it runs (a create with ids chosen by the caller, an update by key). The statement must
   * have a RETURNING clause and no WITH of its own; the events are written only when it returns at
   * least one row (an upsert that did nothing, or an update that matched nothing, emits nothing).
   * Resolves to its returned rows. A failing statement rejects with its own error; nothing commits.
   */
  commit<R>(statement: ChangeStatement<R>, emitEvents?: (emit: EmitEvent) => void): Promise<R[]>;
}

/** An emit function and the events it collected, encoded, in emit order. */
function collectEvents(): { readonly pending: EncodedEvent[]; readonly emit: EmitEvent } {
  const pending: EncodedEvent[] = [];
  return {
    pending,
    emit: (def, event) => {
      pending.push(encodeEvent(def, event));
    },
  };
}

/**
 * A transaction Postgres aborted because a statement failed and `work` swallowed the error: kysely
 * reports the COMMIT it answered with ROLLBACK, and the outbox insert after it fails with 25P02.
 */
function rolledBack(err: unknown): TransactionRolledBackError | undefined {
  const aborted = isAbortedTransactionError(err) || (err as { code?: unknown }).code === '25P02';
  return aborted ? new TransactionRolledBackError(err) : undefined;
}

/**
 * Builds the outbox of one service process over `db` (whose schema has the outbox table) and `bus`.
 * Call `relay.start()` to publish; one relay per process, replicas coordinate through Postgres.
 */
export function createOutbox<DB>(
  db: Kysely<DB>,
  bus: Bus,
  logger: Logger,
  relayOptions: RelayOptions = {},
): Outbox<DB> {
  // biome-ignore lint/suspicious/noExplicitAny: the relay only touches the outbox table
  const relay = createOutboxRelay(db as Kysely<any>, bus, logger, relayOptions);
  return {
    relay,
    async transaction<T>(work: (trx: Transaction<DB>, emit: EmitEvent) => Promise<T>): Promise<T> {
      const { pending, emit } = collectEvents();
      const value = await db
        .transaction()
        .execute(async (trx) => {
          const value = await work(trx, emit);
          if (pending.length > 0) await insertEventRows(pending).execute(trx);
          return value;
        })
        .catch((err: unknown) => {
          throw rolledBack(err) ?? err;
        });
      if (pending.length > 0) relay.kick();
      return value;
    },
    async commit<R>(statement: ChangeStatement<R>, emitEvents?: (emit: EmitEvent) => void) {
      const { pending, emit } = collectEvents();
      emitEvents?.(emit);
      if (pending.length === 0) return (await db.executeQuery(statement)).rows;
      // Data-modifying CTEs all run, whether the main query reads them or not. The main query
      // reads `change` to its end first; `events`, which it does not read, runs after it. So the
      // guild lock comes after the change's row locks, as in transaction().
      const { rows } = await sql<R>`with change as (${statement}),
        events as (${insertEventRows(pending, sql<boolean>`exists (select from change)`)})
        select * from change`.execute(db);
      if (rows.length > 0) relay.kick();
      return rows;
    },
  };
}
