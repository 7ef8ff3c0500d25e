import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import { actsOnHints, hintsOf } from './statement-hints.js';
import { beginQuery, commitQuery, rollbackQuery } from './transaction-commands.js';

/** How a {@link reservedTransaction}'s work ends it itself. */
export interface TransactionEnd {
  /**
   * Runs `query` (hinted `commit`) as the last statement and commits: in one round trip on
   * createDb's driver, as the statement and then COMMIT on any other Kysely.
   */
  commitWith<R>(query: CompiledQuery<R>): Promise<QueryResult<R>>;
}

/**
 * Runs `work` in a transaction on one reserved connection of `db`, for callers that end it with a
 * statement of their own (`end`): BEGIN first (createDb's driver sends it with the first
 * statement), COMMIT when `work` returns without having ended it, ROLLBACK when it throws before.
 */
export function reservedTransaction<DB, T>(
  db: Kysely<DB>,
  work: (conn: Kysely<DB>, end: TransactionEnd) => Promise<T>,
): Promise<T> {
  const hinted = actsOnHints(db);
  return db.connection().execute(async (conn) => {
    await conn.executeQuery(beginQuery);
    let ended = false;
    const end: TransactionEnd = {
      async commitWith(query) {
        if (hintsOf(query.sql).commit !== true) {
          throw new Error('reservedTransaction: commitWith needs a statement hinted commit');
        }
        if (hinted) {
          // COMMIT goes with the statement: whatever they answer, the transaction is over.
          ended = true;
          return conn.executeQuery(query);
        }
        const result = await conn.executeQuery(query);
        ended = true;
        await conn.executeQuery(commitQuery);
        return result;
      },
    };
    try {
      const value = await work(conn, end);
      if (!ended) {
        ended = true;
        await conn.executeQuery(commitQuery);
      }
      return value;
    } catch (err) {
      if (!ended) await conn.executeQuery(rollbackQuery).catch(() => undefined);
      throw err;
    }
  });
}
