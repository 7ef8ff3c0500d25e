import { CompiledQuery, sql } from 'kysely';
import t from 'tap';
import { hintPrefix, pipelinedTransaction } from '../src/index.js';
import { countWrites } from './helpers/count-writes.js';
import { inTransaction, itemDb, plainKysely } from './helpers/item-db.js';

const insert = (id: number, hints = {}) =>
  CompiledQuery.raw(`${hintPrefix(hints)}insert into item values ($1, 'x') returning id`, [id]);

t.test(
  'pipelinedTransaction – BEGIN, the statements and COMMIT in one write, results in order',
  async (t) => {
    const { db, visible } = await itemDb(t, { poolSize: 1 });
    await sql`select 1`.execute(db);
    let results: Awaited<ReturnType<typeof pipelinedTransaction>> = [];
    const writes = await countWrites(async () => {
      results = await pipelinedTransaction(db, [insert(1), insert(2), insert(3)]);
    });
    t.equal(writes, 1, 'one write system call for the whole transaction');
    t.same(
      results.map((r) => r.rows),
      [[{ id: 1 }], [{ id: 2 }], [{ id: 3 }]],
    );
    t.same(await visible(), [1, 2, 3]);
    t.equal(await inTransaction(db), false);
  },
);

t.test('pipelinedTransaction – a last statement hinted commit carries the COMMIT', async (t) => {
  const { db, visible } = await itemDb(t, { poolSize: 1 });
  await sql`select 1`.execute(db);
  const writes = await countWrites(async () => {
    await pipelinedTransaction(db, [insert(1), insert(2, { commit: true })]);
  });
  t.equal(writes, 1);
  t.same(await visible(), [1, 2]);
  t.equal(await inTransaction(db), false, 'no COMMIT was left to send');
});

t.test('pipelinedTransaction – a failing statement: its own error, nothing committed', async (t) => {
  const { db, visible } = await itemDb(t, { poolSize: 1 });
  await pipelinedTransaction(db, [insert(1)]);
  for (const last of [{}, { commit: true }]) {
    await t.rejects(
      pipelinedTransaction(db, [insert(2), insert(1), insert(3, last)]),
      { code: '23505', message: /duplicate key/ },
      'the duplicate, not the aborted transaction behind it',
    );
    t.same(await visible(), [1], 'the statements before and after it were rolled back');
    t.equal(await inTransaction(db), false, 'the connection is not left inside a transaction');
  }
  // The connection is fine afterwards.
  await pipelinedTransaction(db, [insert(4)]);
  t.same(await visible(), [1, 4]);
});

t.test(
  'pipelinedTransaction – refuses COMMIT before the last statement; no statements is a no-op',
  async (t) => {
    const { db, visible } = await itemDb(t, { poolSize: 1 });
    await t.rejects(
      pipelinedTransaction(db, [insert(1, { commit: true }), insert(2)]),
      /only the last statement may be hinted commit/,
    );
    t.same(await pipelinedTransaction(db, []), []);
    t.same(await visible(), []);
    t.equal(await inTransaction(db), false);
  },
);

t.test('pipelinedTransaction – without pipelining, the same all-or-nothing outcome', async (t) => {
  const { db, visible } = await itemDb(t, { poolSize: 1, pipeline: false });
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on('warning', onWarning);
  t.teardown(() => process.off('warning', onWarning));
  await pipelinedTransaction(db, [insert(1), insert(2)]);
  await t.rejects(pipelinedTransaction(db, [insert(3), insert(2)]), { code: '23505' });
  await pipelinedTransaction(db, [insert(5), insert(6, { commit: true })]);
  t.same(await visible(), [1, 2, 5, 6]);
  t.equal(await inTransaction(db), false);
  await new Promise((resolve) => setImmediate(resolve));
  t.same(
    warnings.filter((w) => /already executing a query/.test(w)),
    [],
    'each query handed to the client after the previous one (pg deprecates queueing)',
  );
});

t.test(
  'pipelinedTransaction – over a Kysely not made by createDb, one statement after another',
  async (t) => {
    const { url, visible } = await itemDb(t);
    const plain = plainKysely(t, url);
    const results = await pipelinedTransaction(plain, [insert(1), insert(2, { commit: true })]);
    t.same(
      results.map((r) => r.rows),
      [[{ id: 1 }], [{ id: 2 }]],
    );
    await t.rejects(pipelinedTransaction(plain, [insert(3), insert(1)]), { code: '23505' });
    t.same(await visible(), [1, 2]);
    t.equal(await inTransaction(plain), false, 'the failed one was rolled back');
  },
);
