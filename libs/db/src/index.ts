export type { CreateDbOptions } from './create-db.js';
export { createDb } from './create-db.js';
export type { EmbeddedPostgresOptions, EmbeddedPostgresServer } from './embedded-postgres.js';
export { startEmbeddedPostgres } from './embedded-postgres.js';
export { ensureDatabase } from './ensure-database.js';
export { MigrationFailedError, SearchPathMismatchError } from './errors.js';
export type { DbLogger } from './logger.js';
export type { MigrateOptions } from './migrate-to-latest.js';
export { migrateToLatest } from './migrate-to-latest.js';
