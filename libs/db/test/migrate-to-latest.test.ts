import { testPostgres } from '@guildwire/testkit';
import { type Kysely, type Migration, sql } from 'kysely';
import t from 'tap';
import { createDb, MigrationFailedError, migrateToLatest, SearchPathMismatchError } from '../src/index.js';

// Migrations as a service defines them: frozen, on Kysely<any>, unqualified names.
const migrations: Record<string, Migration> = {
  '0001-create-item': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed Kysely<any>
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('item')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .execute();
      await db.schema.createTable('ran').addColumn('name', 'text').execute();
      await db.insertInto('ran').values({ name: '0001' }).execute();
    },
  },
  '0002-add-label': {
    // biome-ignore lint/suspicious/noExplicitAny: migrations are typed Kysely<any>
    async up(db: Kysely<any>) {
      await db.schema.alterTable('item').addColumn('label', 'text').execute();
      await db.insertInto('ran').values({ name: '0002' }).execute();
    },
  },
};

t.test('migrate – creates the schema and runs pending migrations once, in order', async (t) => {
  const { url } = await testPostgres(t);
  const db = createDb({ url, schema: 'ticket' });
  t.teardown(() => db.destroy());

  const first = await migrateToLatest(db, { schema: 'ticket', migrations });
  t.same(
    first.map((r) => [r.migrationName, r.status]),
    [
      ['0001-create-item', 'Success'],
      ['0002-add-label', 'Success'],
    ],
  );
  t.same(await migrateToLatest(db, { schema: 'ticket', migrations }), [], 'nothing pending the second time');

  const tables = await sql<{ tablename: string }>`
    select tablename from pg_tables where schemaname = 'ticket' order by tablename`.execute(db);
  t.same(
    tables.rows.map((r) => r.tablename),
    ['item', 'kysely_migration', 'kysely_migration_lock', 'ran'],
    "the service's and kysely's tables live in the schema",
  );
});

t.test('migrate – replicas starting together apply each migration exactly once', async (t) => {
  const { url } = await testPostgres(t);
  const replicas = Array.from({ length: 5 }, () => createDb({ url, schema: 'giveaway', poolSize: 2 }));
  t.teardown(() => Promise.all(replicas.map((db) => db.destroy())));

  const results = await Promise.all(
    replicas.map((db) => migrateToLatest(db, { schema: 'giveaway', migrations })),
  );
  t.equal(results.filter((r) => r.length > 0).length, 1, 'one replica ran the migrations');
  const ran = await sql<{ name: string }>`select name from ran order by name`.execute(replicas[0]!);
  t.same(
    ran.rows.map((r) => r.name),
    ['0001', '0002'],
  );
});

t.test('migrate – a failing migration throws MigrationFailedError and rolls back', async (t) => {
  const { url } = await testPostgres(t);
  const db = createDb({ url, schema: 'config' });
  t.teardown(() => db.destroy());
  const broken: Record<string, Migration> = {
    ...migrations,
    '0003-broken': {
      // biome-ignore lint/suspicious/noExplicitAny: migrations are typed Kysely<any>
      async up(db: Kysely<any>) {
        await db.schema.createTable('half_done').addColumn('id', 'integer').execute();
        await sql`select * from no_such_table`.execute(db);
      },
    },
  };
  const error = await migrateToLatest(db, { schema: 'config', migrations: broken }).catch((e: unknown) => e);
  t.type(error, MigrationFailedError);
  t.match((error as Error).message, /"0003-broken"/);
  const failed = (error as MigrationFailedError).results.filter((r) => r.status === 'Error');
  t.same(
    failed.map((r) => r.migrationName),
    ['0003-broken'],
    'results name the failed migration',
  );
  const halfDone = await sql<{ oid: string | null }>`select to_regclass('half_done') as oid`.execute(db);
  t.equal(halfDone.rows[0]?.oid, null, 'the failed migration left nothing behind');
});

t.test('migrate – schemas of two services in one database stay apart', async (t) => {
  const { url } = await testPostgres(t);
  const a = createDb({ url, schema: 'svc_a' });
  const b = createDb({ url, schema: 'svc_b' });
  t.teardown(() => Promise.all([a.destroy(), b.destroy()]));
  await migrateToLatest(a, { schema: 'svc_a', migrations });
  const resultsB = await migrateToLatest(b, {
    schema: 'svc_b',
    migrations: { '0001-create-item': migrations['0001-create-item']! },
  });
  t.equal(resultsB.length, 1, "b's migration history is its own");
  const cols = await sql<{ n: number }>`
    select count(*)::int as n from information_schema.columns
    where table_schema = 'svc_b' and table_name = 'item' and column_name = 'label'`.execute(b);
  t.equal(cols.rows[0]?.n, 0, "a's second migration did not touch b");
});

t.test('migrate – a db whose search_path is another schema is refused', async (t) => {
  const { url } = await testPostgres(t);
  const db = createDb({ url, schema: 'other' });
  t.teardown(() => db.destroy());
  await t.rejects(migrateToLatest(db, { schema: 'ticket', migrations }), SearchPathMismatchError);
});
