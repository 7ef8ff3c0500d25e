import { type Kysely, type Migration, type MigrationResult, Migrator, sql } from 'kysely';
import { MigrationFailedError, SearchPathMismatchError } from './errors.js';
import { assertSchemaName } from './schema-name.js';

/** Options for {@link migrateToLatest}. */
export interface MigrateOptions {
  /** The service's schema: created if missing, home of its tables and of kysely's migration tables. */
  readonly schema: string;
  /** Migrations by name (run in name order), e.g. `import * as m0001 from '../migrations/0001-init.js'`. */
  readonly migrations: Readonly<Record<string, Migration>>;
}

/**
 * Create `schema` if needed and run every pending migration; returns what ran, throws
 * {@link MigrationFailedError} when one fails (its transaction is rolled back).
 */
export async function migrateToLatest(
  // biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and typed Kysely<any>
  db: Kysely<any>,
  options: MigrateOptions,
): Promise<readonly MigrationResult[]> {
  const schema = assertSchemaName(options.schema);
  // Concurrent `create schema if not exists` can still fail on the unique index; serialise it
  // per schema with a transaction-scoped advisory lock.
  const current = await db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`guildwire:schema:${schema}`}))`.execute(trx);
    await sql`create schema if not exists ${sql.id(schema)}`.execute(trx);
    const row = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(trx);
    return row.rows[0]?.schema ?? null;
  });
  if (current !== schema) throw new SearchPathMismatchError(schema, current);

  // Kysely's Postgres adapter holds a session advisory lock for the whole run, so replicas that
  // start together migrate one after the other and the later ones find nothing pending.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => ({ ...options.migrations }) },
    migrationTableSchema: schema,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error !== undefined) throw new MigrationFailedError(schema, results, error);
  return results;
}
