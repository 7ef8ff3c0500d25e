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
 * COMMIT found the transaction already aborted (a statement in it failed, and the error was caught
 * and not rethrown), so Postgres rolled it back. Postgres answers such a COMMIT with "ROLLBACK" and
 * no error; without this, the caller would take a rolled back change for a committed one.
 */
export class TransactionRolledBackError extends Error {
  override readonly name = 'TransactionRolledBackError';
  readonly code = 'GW_DB_ROLLED_BACK';
  constructor() {
    super('db: COMMIT rolled the transaction back, because a statement in it had failed');
  }
}
