import { Kysely, type LogEvent } from 'kysely';
import pg from 'pg';
import { DeferredBeginPostgresDialect } from './deferred-begin.js';
import type { DbLogger } from './logger.js';
import { PreparingClient, type PreparingClientConfig } from './preparing-client.js';
import { assertSchemaName } from './schema-name.js';
import { markHintAware } from './statement-hints.js';
import { TickCorkedClient } from './tick-corked-client.js';

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
  /**
   * Send a connection's queries without waiting for the previous answer (pg's pipeline mode).
   * Awaited queries behave as before; queries issued together (a transaction's BEGIN and its first
   * statement, which the dialect sends together) share one round trip. Cursors and `rows` are
   * refused in this mode. Default true.
   */
  readonly pipeline?: boolean;
  /**
   * Send statements hinted `prepare` as named prepared statements. Turn off behind a pooler that
   * does not keep them per client (PgBouncer in transaction mode before 1.21). Default true.
   */
  readonly preparedStatements?: boolean;
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
 * A `Kysely<DB>` over a pg Pool whose connections use `search_path = schema`; `db.destroy()`
 * closes the pool.
 */
export function createDb<DB>(options: CreateDbOptions): Kysely<DB> {
  const { url, schema, poolSize = 10, logger, pipeline = true, preparedStatements = true } = options;
  const config: pg.PoolConfig & PreparingClientConfig = {
    connectionString: url,
    max: poolSize,
    pipeline,
    Client: pipeline ? TickCorkedClient : PreparingClient,
    // Passed on to every client of the pool (PreparingClient reads it).
    gwPreparedStatements: preparedStatements,
    // Set in the startup packet, so it holds before the first query of every connection, with
    // no extra round trip. Only the schema: a missing table must fail, not fall through to public.
    ...(schema === undefined ? {} : { options: `-c search_path=${assertSchemaName(schema)}` }),
  };
  const pool = new pg.Pool(config);
  // Without a listener, an idle client's error (server restart, network cut) crashes the process;
  // the pool drops that client and the next query gets a fresh connection.
  pool.on('error', (err) => logger?.warn({ err }, 'idle Postgres connection failed'));
  const db = new Kysely<DB>({
    dialect: new DeferredBeginPostgresDialect({ pool, pipelined: pipeline }),
    ...(logger === undefined ? {} : { log: logQueries(logger) }),
  });
  markHintAware(db);
  return db;
}
