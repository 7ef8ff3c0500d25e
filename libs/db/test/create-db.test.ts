import { testPostgres, waitUntil } from '@guildwire/testkit';
import { sql } from 'kysely';
import t from 'tap';
import { createDb, type DbLogger } from '../src/index.js';

interface Recorded {
  level: string;
  obj: object;
  msg: string | undefined;
}

function recordingLogger(): DbLogger & { records: Recorded[] } {
  const records: Recorded[] = [];
  const at = (level: string) => (obj: object, msg?: string) => void records.push({ level, obj, msg });
  return { records, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

t.test('createDb – connections use the schema as search_path', async (t) => {
  const { url } = await testPostgres(t);
  const admin = createDb({ url });
  t.teardown(() => admin.destroy());
  await sql`create schema svc_a`.execute(admin);

  const db = createDb({ url, schema: 'svc_a', poolSize: 2 });
  t.teardown(() => db.destroy());
  const path = await sql<{ search_path: string }>`show search_path`.execute(db);
  t.equal(path.rows[0]?.search_path, 'svc_a');

  await sql`create table item (id int primary key)`.execute(db);
  const where = await sql<{
    schemaname: string;
  }>`select schemaname from pg_tables where tablename = 'item'`.execute(admin);
  t.same(
    where.rows.map((r) => r.schemaname),
    ['svc_a'],
    'an unqualified table lands in the schema',
  );
});

t.test('createDb – refuses a schema name that is not a plain identifier', async (t) => {
  t.throws(() => createDb({ url: 'postgres://127.0.0.1/x', schema: 'a b; drop' }), TypeError);
  t.throws(() => createDb({ url: 'postgres://127.0.0.1/x', schema: 'Upper' }), TypeError);
});

t.test('createDb – logs failed queries and closes the pool on destroy', async (t) => {
  const { url } = await testPostgres(t);
  const logger = recordingLogger();
  const db = createDb({ url, logger });
  await t.rejects(sql`select * from missing_table`.execute(db));
  const failure = logger.records.find((r) => r.level === 'error');
  t.match(failure, { msg: 'query failed', obj: { sql: 'select * from missing_table' } });

  const pid = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db);
  await db.destroy();
  const observer = createDb({ url });
  t.teardown(() => observer.destroy());
  const alive = await sql<{ n: number }>`
    select count(*)::int as n from pg_stat_activity where pid = ${pid.rows[0]?.pid ?? 0}`.execute(observer);
  t.equal(alive.rows[0]?.n, 0, 'the pooled connection is closed');
});

t.test(
  'createDb – a connection dropped by the server mid-transaction fails that transaction only',
  async (t) => {
    const { url } = await testPostgres(t);
    const logger = recordingLogger();
    const db = createDb({ url, poolSize: 2, logger });
    t.teardown(() => db.destroy());
    const admin = createDb({ url });
    t.teardown(() => admin.destroy());
    // As a Postgres restart does to every session: the server ends the connection between two
    // queries of a transaction. Before the fix this 'error' event was an uncaught exception.
    const failed = db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
      await sql`select pg_terminate_backend(${rows[0]!.pid})`.execute(admin);
      await waitUntil('the dropped connection reported', async () =>
        logger.records.some((r) => r.msg === 'Postgres connection failed while in use') ? true : undefined,
      );
      await sql`select 1`.execute(trx);
    });
    await t.rejects(failed, 'the transaction fails');
    const after = await sql<{ n: number }>`select 1 as n`.execute(db);
    t.equal(after.rows[0]?.n, 1, 'the pool serves the next query on a fresh connection');
    t.match(
      logger.records.find((r) => r.msg === 'Postgres connection failed while in use'),
      { level: 'warn', obj: { err: { message: /terminating connection/ } } },
    );
  },
);
