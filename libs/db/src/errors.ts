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
