export type { CreateDbOptions } from './create-db.js';
export { createDb } from './create-db.js';
export { MigrationFailedError, SearchPathMismatchError, TransactionRolledBackError } from './errors.js';
export type { DbLogger } from './logger.js';
export type { MigrateOptions } from './migrate-to-latest.js';
export { migrateToLatest } from './migrate-to-latest.js';
