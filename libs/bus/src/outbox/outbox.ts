import type { EventDef, EventOf } from '@guildwire/contracts';
import type { Kysely, Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { Bus } from '../connection.js';
import { enqueueEvent } from './enqueue.js';
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
}

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
    async transaction(work) {
      let emitted = 0;
      const result = await db.transaction().execute(async (trx) => {
        const pending: Array<[EventDef, unknown]> = [];
        const value = await work(trx, (def, event) => {
          pending.push([def, event]);
        });
        for (const [def, event] of pending) await enqueueEvent(trx, def, event as never);
        emitted = pending.length;
        return value;
      });
      if (emitted > 0) relay.kick();
      return result;
    },
  };
}
