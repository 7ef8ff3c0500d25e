import pg from 'pg';
import t from 'tap';
import { isPortFree, testPostgres } from '../src/index.js';

async function query<R extends pg.QueryResultRow>(url: string, text: string): Promise<R[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(text)).rows;
  } finally {
    await client.end();
  }
}

t.test('testPostgres – two calls give independent, empty databases', async (t) => {
  const [a, b] = await Promise.all([testPostgres(t), testPostgres(t)]);
  t.not(a.url, b.url);
  await query(a.url, 'create table only_in_a (id int primary key)');
  const inA = await query(a.url, "select to_regclass('only_in_a') as oid");
  const inB = await query(b.url, "select to_regclass('only_in_a') as oid");
  t.not(inA[0]?.oid, null, 'table exists where it was created');
  t.equal(inB[0]?.oid, null, 'table is absent in the other database');
  const tables = await query(b.url, "select count(*)::int as n from pg_tables where schemaname = 'public'");
  t.equal(tables[0]?.n, 0, 'a new database has no tables');
});

t.test('testPostgres – stop frees the server (or drops the database)', async (t) => {
  const db = await testPostgres();
  await query(db.url, 'select 1');
  await db.stop();
  if (db.source === 'local') {
    t.ok(await isPortFree(Number(new URL(db.url).port)), 'port can be bound again');
  }
  await t.rejects(query(db.url, 'select 1'), 'database no longer answers');
  await db.stop();
  t.pass('stop is idempotent');
});

t.test('testPostgres – teardown registered on t stops the database', async (t) => {
  let url = '';
  await t.test('inner', async (inner) => {
    url = (await testPostgres(inner)).url;
    await query(url, 'select 1');
    inner.pass('database answers inside the test');
  });
  await t.rejects(query(url, 'select 1'));
});
