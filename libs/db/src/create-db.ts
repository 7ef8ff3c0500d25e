import { Kysely, type LogEvent, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DbLogger } from './logger.js';
import { assertSchemaName } from './schema-name.js';

/** Options for {@link createDb}. */
export interface CreateDbOptions {
  /** Postgres connection URL. */
  readonly url: string;
  /** The service's schema; every connection's `search_path` is set to it. Default: server default. */
  readonly schema?: string;
  /** Maximum pooled connections. Default 10. */
  readonly poolSize?: number;
  /** Query errors at `error`, queries at `debug`, idle-connection errors at `warn`. */
  readonly logger?: DbLogger;
}

function logQueries(logger: DbLogger): (event: LogEvent) => void {
  return (event) => {
    const { sql } = event.query;
    const durationMs = Math.round(event.queryDurationMillis * 100) / 100;
    if (event.level === 'error') logger.error({ err: event.error, sql, durationMs }, 'query failed');
    else logger.debug({ sql, durationMs }, 'query');
  };
}

/**
 * A `Kysely<DB>` over kysely's own `PostgresDialect` and a `pg.Pool` whose connections use
 * `search_path = schema`; `db.destroy()` closes the pool. Transactions are kysely's
 * (`db.transaction()`), which also fails a COMMIT that Postgres answered with ROLLBACK.
 */
export function createDb<DB>(options: CreateDbOptions): Kysely<DB> {
  const { url, schema, poolSize = 10, logger } = options;
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // Set in the startup packet, so it holds before the first query of every connection, with
    // no extra round trip. Only the schema: a missing table must fail, not fall through to public.
    ...(schema === undefined ? {} : { options: `-c search_path=${assertSchemaName(schema)}` }),
  });
  // Without a listener, an idle client's error (server restart, network cut) crashes the process;
  // the pool drops that client and the next query gets a fresh connection.
  pool.on('error', (err) => logger?.warn({ err }, 'idle Postgres connection failed'));
  // The pool listens only while a client is idle. A client checked out between two queries (a
  // transaction holding a lock while it publishes, a sweep) emits the server's "terminating
  // connection" (Postgres restarting) as an 'error' event with nobody listening: an uncaught
  // exception that stopped the giveaway and ticket services (npm run chaos, restart-postgres).
  // Its next query fails anyway, and the pool discards the broken client on release.
  pool.on('connect', (client) => {
    client.on('error', (err) => logger?.warn({ err }, 'Postgres connection failed while in use'));
  });
  return new Kysely<DB>({
    dialect: new PostgresDialect({ pool }),
    ...(logger === undefined ? {} : { log: logQueries(logger) }),
  });
}
