import type { CompiledQuery, Kysely, QueryResult } from 'kysely';
import { reservedTransaction } from './reserved-transaction.js';
import { actsOnHints, hintsOf } from './statement-hints.js';
import { beginQuery, commitQuery } from './transaction-commands.js';

/**
 * Runs `queries` in order as one transaction whose statements need no answer from one another (an
 * insert, an upsert, an update by key). On createDb's driver BEGIN, the statements and COMMIT leave
 * in one write and come back in one round trip: a change of one statement then costs what the same
 * statement costs on its own. A last statement hinted `commit` carries the COMMIT; none other may.
 *
 * All or nothing: a failing statement fails the call with its own error (the first failure in
 * order), the statements after it fail inside the aborted transaction, and COMMIT then rolls it all
 * back. The results are the statements' own, in order, without kysely's result plugins.
 *
 * Without pipelining (createDb's `pipeline: false`) the driver sends them one after another, and
 * over a Kysely not made by createDb they run one after another in a transaction: the same outcome.
 */
export async function pipelinedTransaction<DB>(
  db: Kysely<DB>,
  queries: readonly CompiledQuery[],
): Promise<QueryResult<unknown>[]> {
  const lastCommits = queries.length > 0 && hintsOf(queries.at(-1)!.sql).commit === true;
  queries.forEach((query, i) => {
    if (i < queries.length - 1 && hintsOf(query.sql).commit === true) {
      throw new Error('pipelinedTransaction: only the last statement may be hinted commit');
    }
  });
  if (!actsOnHints(db)) {
    return reservedTransaction(db, async (conn, end) => {
      const results: QueryResult<unknown>[] = [];
      for (const [i, query] of queries.entries()) {
        const last = i === queries.length - 1;
        results.push(await (last && lastCommits ? end.commitWith(query) : conn.executeQuery(query)));
      }
      return results;
    });
  }
  return db.getExecutor().provideConnection(async (connection) => {
    // Issued side by side without awaiting: the driver holds BEGIN back for the first statement,
    // sends a `commit`-hinted statement with its COMMIT, and the tick-corked client writes them all
    // at once. pg keeps submission order, so each runs after the one before it.
    const sent: Promise<QueryResult<unknown>>[] = [connection.executeQuery(beginQuery)];
    const results = queries.map((query) => connection.executeQuery(query));
    sent.push(...results);
    if (!lastCommits) sent.push(connection.executeQuery(commitQuery));
    // After a failure the transaction is aborted: later statements and COMMIT fail too, or answer
    // ROLLBACK. The first failure in sending order is the cause.
    const settled = await Promise.allSettled(sent);
    for (const s of settled) if (s.status === 'rejected') throw s.reason;
    return Promise.all(results);
  });
}
