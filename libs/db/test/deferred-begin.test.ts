import { type TeardownHost, testPostgres } from '@guildwire/testkit';
import { sql } from 'kysely';
import t from 'tap';
import { TickCorkedClient } from '../src/tick-corked-client.js';
import { countWrites } from './helpers/count-writes.js';
import { inTransaction, itemDb } from './helpers/item-db.js';

const setup = (t: TeardownHost, poolSize = 2) => itemDb(t, { poolSize });

t.test('deferred BEGIN – a transaction commits and rolls back as before', async (t) => {
  const { db, visible } = await setup(t);
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('item').values({ id: 1, note: 'kept' }).execute();
    t.same(await visible(), [], 'not visible before COMMIT: the first statement ran inside the transaction');
  });
  t.same(await visible(), [1]);

  await t.rejects(
    db.transaction().execute(async (trx) => {
      await trx.insertInto('item').values({ id: 2, note: 'dropped' }).execute();
      await trx.insertInto('item').values({ id: 3, note: 'dropped' }).execute();
      throw new Error('changed my mind');
    }),
    /changed my mind/,
  );
  t.same(await visible(), [1], 'both statements rolled back');
});

t.test('deferred BEGIN – BEGIN and the first statement leave in one write', async (t) => {
  const { db } = await setup(t, 1);
  await sql`select 1`.execute(db); // connect outside the count
  const writes = await countWrites(async () => {
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('item').values({ id: 1, note: 'x' }).execute();
    });
  });
  t.equal(writes, 2, 'BEGIN+INSERT, then COMMIT');

  // The outbox's way: BEGIN sent by hand on a reserved connection.
  const manual = await countWrites(() =>
    db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`insert into item values (2, 'y')`.execute(conn);
      await sql`commit`.execute(conn);
    }),
  );
  t.equal(manual, 2);
});

t.test('deferred BEGIN – a failing first statement leaves the transaction to roll back', async (t) => {
  const { db, visible } = await setup(t, 1);
  await db.insertInto('item').values({ id: 1, note: 'first' }).execute();
  const err = await db
    .transaction()
    .execute(async (trx) => {
      await trx.insertInto('item').values({ id: 1, note: 'duplicate' }).execute();
    })
    .catch((e: unknown) => e);
  t.match(err, { code: '23505' }, 'the statement’s own error (unique violation), not BEGIN’s');
  // The only connection is back in the pool outside any transaction: this autocommits.
  await db.insertInto('item').values({ id: 2, note: 'after' }).execute();
  t.same(await visible(), [1, 2]);
  t.equal(await inTransaction(db), false, 'the connection is not left inside a transaction');
});

t.test('deferred BEGIN – an empty transaction sends nothing and leaves no transaction open', async (t) => {
  const { db, visible } = await setup(t, 1);
  await sql`select 1`.execute(db);
  const writes = await countWrites(async () => {
    await db.transaction().execute(async () => undefined);
    await t.rejects(
      db.transaction().execute(async () => {
        throw new Error('nothing done');
      }),
    );
  });
  t.equal(writes, 0, 'no BEGIN/COMMIT/ROLLBACK for a transaction without statements');
  await db.insertInto('item').values({ id: 7, note: 'autocommit' }).execute();
  t.same(await visible(), [7], 'the next statement on the connection autocommits');
});

t.test('deferred BEGIN – isolation level and savepoints still apply', async (t) => {
  const { db, visible } = await setup(t, 1);
  const level = await db
    .transaction()
    .setIsolationLevel('serializable')
    .execute((trx) => sql<{ l: string }>`select current_setting('transaction_isolation') as l`.execute(trx));
  t.equal(level.rows[0]?.l, 'serializable');

  const trx = await db.startTransaction().execute();
  await trx.insertInto('item').values({ id: 1, note: 'kept' }).execute();
  const sp = await trx.savepoint('sp').execute();
  await sp.insertInto('item').values({ id: 2, note: 'undone' }).execute();
  await sp.rollbackToSavepoint('sp').execute();
  await trx.commit().execute();
  t.same(await visible(), [1]);
});

t.test('deferred BEGIN – a savepoint as the first statement still opens the transaction', async (t) => {
  const { db, visible } = await setup(t, 1);
  const trx = await db.startTransaction().execute();
  const sp = await trx.savepoint('first').execute();
  await sp.insertInto('item').values({ id: 3, note: 'x' }).execute();
  t.same(await visible(), [], 'still uncommitted');
  await sp.releaseSavepoint('first').execute();
  await trx.rollback().execute();
  t.same(await visible(), []);
});

// kysely runs one query at a time per connection, so the pipeline itself is exercised on the pool's
// client class directly: what createDb builds its pool from.
t.test('pipelining – queries issued side by side on one connection all get their own answer', async (t) => {
  const { url } = await testPostgres(t);
  const client = new TickCorkedClient({ connectionString: url, pipeline: true });
  await client.connect();
  t.teardown(() => client.end());
  let results: Array<{ rows: Array<{ n: number }> }> = [];
  const writes = await countWrites(async () => {
    results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.query('select $1::int as n', [i])),
    );
  });
  t.same(
    results.map((r) => r.rows[0]?.n),
    Array.from({ length: 20 }, (_, i) => i),
  );
  t.equal(writes, 1, 'all twenty left in one write, before any answer came back');
  const failed = await Promise.allSettled([
    client.query('select 1'),
    client.query('select * from no_such_table'),
    client.query('select 3 as n'),
  ]);
  t.same(
    failed.map((r) => r.status),
    ['fulfilled', 'rejected', 'fulfilled'],
    'an error answers only its own query',
  );
});
