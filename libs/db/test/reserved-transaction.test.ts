import { CompiledQuery, sql } from 'kysely';
import t from 'tap';
import { hintPrefix, reservedTransaction } from '../src/index.js';
import { countWrites } from './helpers/count-writes.js';
import { inTransaction, itemDb, plainKysely } from './helpers/item-db.js';

const insert = (id: number, hints = { commit: true }) =>
  CompiledQuery.raw(`${hintPrefix(hints)}insert into item values ($1, 'x')`, [id]);

t.test('reservedTransaction – commits when the work returns, rolls back when it throws', async (t) => {
  const { db, visible } = await itemDb(t, { poolSize: 1 });
  await reservedTransaction(db, (conn) => conn.insertInto('item').values({ id: 1, note: 'a' }).execute());
  await t.rejects(
    reservedTransaction(db, async (conn) => {
      await conn.insertInto('item').values({ id: 2, note: 'b' }).execute();
      throw new Error('changed my mind');
    }),
    /changed my mind/,
  );
  t.same(await visible(), [1]);
  t.equal(await inTransaction(db), false, 'the connection went back outside any transaction');
});

t.test(
  'reservedTransaction – commitWith on createDb: BEGIN, the statement and COMMIT in one write',
  async (t) => {
    const { db, visible } = await itemDb(t, { poolSize: 1 });
    await sql`select 1`.execute(db);
    const writes = await countWrites(async () => {
      await reservedTransaction(db, (_conn, end) => end.commitWith(insert(1)));
    });
    t.equal(writes, 1);
    t.same(await visible(), [1]);
    // A failing last statement: its error, nothing committed, no transaction left open.
    await t.rejects(
      reservedTransaction(db, async (conn, end) => {
        await conn.insertInto('item').values({ id: 2, note: 'b' }).execute();
        await end.commitWith(insert(1));
      }),
      { code: '23505' },
    );
    t.same(await visible(), [1]);
    t.equal(await inTransaction(db), false);
  },
);

t.test('reservedTransaction – commitWith refuses a statement not hinted commit', async (t) => {
  const { db, visible } = await itemDb(t, { poolSize: 1 });
  await t.rejects(
    reservedTransaction(db, (_conn, end) => end.commitWith(insert(1, { commit: false }))),
    /hinted commit/,
  );
  t.same(await visible(), [], 'rolled back, not left open');
  t.equal(await inTransaction(db), false);
});

t.test('reservedTransaction – over a Kysely not made by createDb, commitWith still commits', async (t) => {
  const { url, visible } = await itemDb(t);
  const plain = plainKysely(t, url);
  await reservedTransaction(plain, (_conn, end) => end.commitWith(insert(1)));
  await t.rejects(
    reservedTransaction(plain, (_conn, end) => end.commitWith(insert(1))),
    { code: '23505' },
  );
  t.same(await visible(), [1]);
  t.equal(await inTransaction(plain), false, 'the failed one was rolled back');
});

t.test(
  'reservedTransaction – commitWith a literal of several statements: all commit, or all roll back',
  async (t) => {
    const { db, visible } = await itemDb(t, { poolSize: 1 });
    const literal = (text: string) => CompiledQuery.raw(`${hintPrefix({ commit: true })}${text}`);
    await reservedTransaction(db, (_conn, end) =>
      end.commitWith(literal("insert into item values (1, 'a')")),
    );
    await t.rejects(
      reservedTransaction(db, (_conn, end) =>
        end.commitWith(literal("insert into item values (2, 'b');\ninsert into item values (1, 'dup')")),
      ),
      { code: '23505' },
    );
    t.same(await visible(), [1]);
    t.equal(await inTransaction(db), false, 'the aborted transaction was rolled back');
  },
);
