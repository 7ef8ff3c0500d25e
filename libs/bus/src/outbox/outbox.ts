import type { EventDef, EventOf } from '@guildwire/contracts';
import { actsOnHints } from '@guildwire/db';
import { CompiledQuery, type Kysely, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Bus } from '../connection.js';
import { type EncodedEvent, encodeEvent } from '../publish.js';
import { commitWithEventQuery, commitWithEventsSql } from './commit-with-events.js';
import { createOutboxRelay, type OutboxRelay, type RelayOptions } from './relay.js';

const beginQuery = CompiledQuery.raw('begin');
const rollbackQuery = CompiledQuery.raw('rollback');

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
}

/** Builds the outbox of one service process (one relay each; replicas coordinate through Postgres). */
export function createOutbox<DB>(
  db: Kysely<DB>,
  bus: Bus,
  logger: Logger,
  options: RelayOptions = {},
): Outbox<DB> {
  const relay = createOutboxRelay(db as Kysely<any>, bus, logger, options);
  // createDb's driver sends a one-event tail and COMMIT together; any other Kysely gets the literal.
  const oneEventTail = actsOnHints(db);
  return {
    relay,
    async transaction(work) {
      // A connection of our own instead of db.transaction(): the events and COMMIT then share one
      // round trip (commitWithEventsSql), the outbox's main cost per change.
      return db.connection().execute(async (conn) => {
        await conn.executeQuery(beginQuery);
        let committed = false;
        try {
          const pending: EncodedEvent[] = [];
          const value = await work(conn as unknown as Transaction<DB>, (def, event) => {
            pending.push(encodeEvent(def, event));
          });
          await conn.executeQuery(
            pending.length === 1 && oneEventTail
              ? commitWithEventQuery(pending[0]!)
              : CompiledQuery.raw(commitWithEventsSql(pending)),
          );
          committed = true;
          if (pending.length > 0) relay.kick();
          return value;
        } finally {
          if (!committed) await conn.executeQuery(rollbackQuery).catch(() => undefined);
        }
      });
    },
  };
}
