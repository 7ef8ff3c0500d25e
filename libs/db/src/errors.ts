import type { MigrationResult } from 'kysely';

/** A migration failed; `results` tells which ran, which failed and which were not executed. */
export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
  readonly results: readonly MigrationResult[];
  constructor(schema: string, results: readonly MigrationResult[], cause: unknown) {
    const failed = results.find((r) => r.status === 'Error')?.migrationName;
    const where = failed === undefined ? 'before any migration ran' : `in migration "${failed}"`;
    super(`db: migrating schema "${schema}" failed ${where}: ${String(cause)}`, { cause });
    this.results = results;
  }
}

/** The database a Kysely instance points at does not resolve unqualified names to the schema. */
export class SearchPathMismatchError extends Error {
  override readonly name = 'SearchPathMismatchError';
  constructor(schema: string, current: string | null) {
    super(
      `db: migrations for "${schema}" would run in "${current ?? '(no schema)'}"; ` +
        `create the Kysely instance with createDb({ schema: '${schema}' })`,
    );
  }
}

/**
 * A transaction was rolled back instead of committed: a statement in it failed and its error was
 * caught and not rethrown, so Postgres aborted the transaction (it answers the COMMIT with
 * ROLLBACK, or the next statement with 25P02). Without this, the caller would take a rolled back
 * change for a committed one. `cause` is what reported the abort.
 */
export class TransactionRolledBackError extends Error {
  override readonly name = 'TransactionRolledBackError';
  readonly code = 'GW_DB_ROLLED_BACK';
  constructor(cause: unknown) {
    super('db: the transaction was rolled back, because a statement in it failed and its error was caught', {
      cause,
    });
  }
}
