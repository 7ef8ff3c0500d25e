import { createDb, migrateToLatest } from '@guildwire/db';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { type Kysely, type Migration, sql } from 'kysely';
import type { Logger } from 'pino';

declare module 'fastify' {
  interface FastifyInstance {
    /** The service's database (its own schema); typed per service with `databaseOf<DB>(app)`. */
    // biome-ignore lint/suspicious/noExplicitAny: each service narrows it to its own Database type
    db: Kysely<any>;
  }
}

/** Options of the Postgres plugin. */
export interface PostgresOptions {
  /** The service's schema: the search path of every connection, home of its tables and migrations. */
  readonly schema: string;
  /** Migrations by name, run in name order at start (replicas take turns; see migrateToLatest). */
  readonly migrations: Readonly<Record<string, Migration>>;
  /** Where to connect (the service's loaded configuration); required unless `db` is given. */
  readonly config?: { readonly DATABASE_URL: string; readonly DB_POOL_SIZE?: number };
  /** An existing database (tests); the app migrates it but does not close it. */
  // biome-ignore lint/suspicious/noExplicitAny: any service database
  readonly db?: Kysely<any> | undefined;
}

async function postgresPlugin(app: FastifyInstance, options: PostgresOptions): Promise<void> {
  let db = options.db;
  if (db === undefined) {
    const { config } = options;
    if (config === undefined) throw new TypeError('postgres plugin needs config or db');
    const own = createDb({
      url: config.DATABASE_URL,
      schema: options.schema,
      ...(config.DB_POOL_SIZE === undefined ? {} : { poolSize: config.DB_POOL_SIZE }),
      logger: app.log as unknown as Logger,
    });
    // Registered before migrating: a failed migration closes the app, and with it this pool.
    app.addHook('onClose', async () => {
      await own.destroy();
    });
    db = own;
  }
  await migrateToLatest(db, { schema: options.schema, migrations: options.migrations });
  app.decorate('db', db);
  const ready = db;
  app.readiness.add({ name: 'postgres', check: async () => void (await sql`select 1`.execute(ready)) });
}

/** Decorates `app.db`: the service's Postgres schema, migrated; `/readyz` checks it; closed last. */
export const postgres = fp(postgresPlugin, {
  name: 'guildwire-postgres',
  fastify: '5.x',
  dependencies: ['guildwire-health'],
});

/** The app's database with the service's table types. */
export function databaseOf<DB>(app: FastifyInstance): Kysely<DB> {
  return app.db as Kysely<DB>;
}
