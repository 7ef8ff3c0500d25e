import pg from 'pg';
import { TransactionRolledBackError } from './errors.js';
import { endCommandOf } from './transaction-commands.js';

/**
 * A pg client whose COMMIT fails when Postgres rolled the transaction back instead (it had a failed
 * statement): Postgres itself answers such a COMMIT with the tag ROLLBACK and no error.
 */
export class CommitCheckingClient extends pg.Client {
  // One signature for all of pg's query overloads; arguments and result pass through unchanged.
  // biome-ignore lint/suspicious/noExplicitAny: mirrors pg's overloaded query()
  override query(...args: any[]): any {
    const result = (super.query as (...a: unknown[]) => unknown)(...args);
    const [text] = args;
    // Only the promise form (what kysely and the outbox use); a callback caller reads the tag itself.
    if (typeof text !== 'string' || !(result instanceof Promise) || endCommandOf(text) !== 'COMMIT')
      return result;
    return result.then((r: pg.QueryResult) => {
      if (r.command === 'ROLLBACK') throw new TransactionRolledBackError();
      return r;
    });
  }
}
