import type { EventDef, EventOf } from '@guildwire/contracts';
import { pipelinedTransaction, reservedTransaction } from '@guildwire/db';
import type { Compilable, CompiledQuery, Kysely, QueryResult, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Bus } from '../connection.js';
import { type EncodedEvent, encodeEvent } from '../publish.js';
import { eventTail } from './commit-with-events.js';
import { createOutboxRelay, type OutboxRelay, type RelayOptions } from './relay.js';

/** Adds an event to the transaction in hand; it is published after the commit. */
export type EmitEvent = <D extends EventDef>(def: D, event: EventOf<D>) => void;

/** A service's write path: state change and its events in one transaction, then a relay kick. */
export interface Outbox<DB> {
  readonly relay: OutboxRelay;
  /**
   * Runs `work` in a transaction; events it emits are written to the outbox as the transaction's last
   * statements (in emit order) and the relay is kicked once the commit has succeeded.
   */
  transaction<T>(work: (trx: Transaction<DB>, emit: EmitEvent) => Promise<T>): Promise<T>;
  /**
   * Commits `statements` and the events `emitEvents` emits as one transaction, with the guarantees
   * of {@link transaction}, for a change whose statements need no answer before the next one is
   * sent and whose events are known up front (an insert, an upsert, an update by key). All of it
   * leaves in one write and comes back in one round trip, where transaction() needs one more for
   * the events. Resolves to the statements' results in order (as the driver returns them: no
   * kysely result plugins); a failing statement rejects with its own error and nothing is committed.
   */
  commit(
    statements: readonly (Compilable | CompiledQuery)[],
    emitEvents?: (emit: EmitEvent) => void,
  ): Promise<QueryResult<unknown>[]>;
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

const compiled = (s: Compilable | CompiledQuery): CompiledQuery => ('compile' in s ? s.compile() : s);

/** Builds the outbox of one service process (one relay each; replicas coordinate through Postgres). */
export function createOutbox<DB>(
  db: Kysely<DB>,
  bus: Bus,
  logger: Logger,
  options: RelayOptions = {},
): Outbox<DB> {
  const relay = createOutboxRelay(db as Kysely<any>, bus, logger, options);
  return {
    relay,
    transaction(work) {
      // A transaction of our own instead of db.transaction(): the events and COMMIT then share one
      // round trip, the outbox's main cost per change.
      return reservedTransaction(db, async (conn, end) => {
        const { pending, emit } = collectEvents();
        const value = await work(conn as unknown as Transaction<DB>, emit);
        const tail = eventTail(pending);
        // Without events reservedTransaction commits.
        if (tail !== undefined) {
          await end.commitWith(tail);
          relay.kick();
        }
        return value;
      });
    },
    async commit(statements, emitEvents) {
      const { pending, emit } = collectEvents();
      emitEvents?.(emit);
      const queries = statements.map(compiled);
      const tail = eventTail(pending);
      const results = await pipelinedTransaction(db, tail === undefined ? queries : [...queries, tail]);
      if (tail !== undefined) relay.kick();
      return results.slice(0, statements.length);
    },
  };
}
