import pg from 'pg';
import t from 'tap';
import { testPostgres } from '../src/index.js';
import { createSharedDatabase } from '../src/postgres-shared.js';

// The DATABASE_URL path, pointed at a server of this file's own.
t.test('postgres-shared – creates gw_test_<random> and drops it WITH (FORCE) at stop', async (t) => {
  const server = await testPostgres(t);
  const a = await createSharedDatabase(server.url);
  const b = await createSharedDatabase(server.url);
  const nameA = new URL(a.url).pathname.slice(1);
  t.match(nameA, /^gw_test_[0-9a-f]{12}$/);
  t.not(a.url, b.url);

  const held = new pg.Client({ connectionString: a.url });
  held.on('error', () => undefined);
  await held.connect();
  await a.stop();
  await b.stop();

  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  t.teardown(() => admin.end());
  const left = await admin.query("select datname from pg_database where datname like 'gw_test_%'");
  t.same(left.rows, [], 'both dropped, even with a connection still open');
});
