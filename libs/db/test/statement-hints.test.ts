import type { TeardownHost } from '@guildwire/testkit';
import { type Kysely, sql } from 'kysely';
import t from 'tap';
import { actsOnHints, hintPrefix, withHints } from '../src/index.js';
import { hintsOf } from '../src/statement-hints.js';
import { countWrites } from './helpers/count-writes.js';
import { type ItemDb, inTransaction, itemDb, plainKysely } from './helpers/item-db.js';

// One connection: pg_prepared_statements shows the session's own statements.
const setup = (t: TeardownHost, options: { pipeline?: boolean } = {}) =>
  itemDb(t, { poolSize: 1, ...options });

const preparedCount = async (db: Kysely<ItemDb>) =>
  Number(
    (
      await sql<{
        n: string;
      }>`select count(*) as n from pg_prepared_statements where statement like '%gw:%'`.execute(db)
    ).rows[0]?.n,
  );

t.test('hints – only databases from createDb act on them', async (t) => {
  const { db, url } = await setup(t);
  t.equal(actsOnHints(db), true);
  t.equal(actsOnHints(plainKysely(t, url)), false, 'kysely’s own dialect ignores the comment');
});

t.test('hints – read back from the leading comment only', async (t) => {
  t.same(hintsOf(`${hintPrefix({ prepare: true })}select 1`), { prepare: true, commit: false });
  t.same(hintsOf(`${hintPrefix({ prepare: true, commit: true })}x`), { prepare: true, commit: true });
  t.same(hintsOf(`${hintPrefix({ commit: true })}x`), { prepare: false, commit: true });
  t.equal(hintPrefix({}), '');
  t.same(hintsOf('select 1 /*gw:prepare*/'), {}, 'a hint later in the text is just a comment');
  t.same(hintsOf(" select '/*gw:commit*/'"), {});
});

for (const pipeline of [true, false]) {
  t.test(`prepare – parsed once per connection, answers per call (pipeline ${pipeline})`, async (t) => {
    const { db } = await setup(t, { pipeline });
    const insert = (id: number) =>
      withHints(
        { prepare: true },
        sql<{ id: number }>`insert into item values (${id}, ${`n${id}`}) returning id`,
      );
    for (const id of [1, 2, 3]) t.same((await insert(id).execute(db)).rows, [{ id }]);
    t.equal(await preparedCount(db), 1, 'one named statement for three calls');
    await sql`select ${1}::int as plain`.execute(db);
    t.equal(await preparedCount(db), 1, 'unhinted statements are not prepared');
    const read = withHints({ prepare: true }, sql<{ note: string }>`select note from item where id = ${2}`);
    t.same((await read.execute(db)).rows, [{ note: 'n2' }]);
    t.equal(await preparedCount(db), 2, 'another text, another statement');
    await t.rejects(insert(1).execute(db), { code: '23505' }, 'errors still reach the caller');
    t.same((await insert(4).execute(db)).rows, [{ id: 4 }], 'and the statement stays usable');
  });
}

t.test('prepare – off with preparedStatements: false, the statement still runs', async (t) => {
  const { db } = await itemDb(t, { poolSize: 1, preparedStatements: false });
  const insert = withHints(
    { prepare: true },
    sql<{ id: number }>`insert into item values (${1}, 'x') returning id`,
  );
  t.same((await insert.execute(db)).rows, [{ id: 1 }]);
  t.equal(await preparedCount(db), 0, 'no named statement on the connection');
});

t.test('commit – the statement and COMMIT leave in one write and both apply', async (t) => {
  const { db, visible } = await setup(t);
  await sql`select 1`.execute(db); // connect outside the count
  let rows: unknown[] = [];
  const writes = await countWrites(() =>
    db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`insert into item values (1, 'a')`.execute(conn);
      rows = (
        await withHints(
          { prepare: true, commit: true },
          sql`insert into item values (${2}, ${'b'}) returning id`,
        ).execute(conn)
      ).rows;
    }),
  );
  t.equal(writes, 2, 'BEGIN+INSERT, then INSERT+COMMIT');
  t.same(rows, [{ id: 2 }], 'the statement’s own rows come back');
  t.same(await visible(), [1, 2], 'committed');

  // With nothing before it, BEGIN, the statement and COMMIT share a single write.
  const alone = await countWrites(() =>
    db.connection().execute(async (conn) => {
      await sql`begin`.execute(conn);
      await withHints({ commit: true }, sql`insert into item values (${3}, ${'c'})`).execute(conn);
    }),
  );
  t.equal(alone, 1);
  t.same(await visible(), [1, 2, 3]);
});

t.test('commit – a failing statement fails the call and nothing commits', async (t) => {
  const { db, visible } = await setup(t);
  await db.insertInto('item').values({ id: 1, note: 'there' }).execute();
  const err = await db
    .connection()
    .execute(async (conn) => {
      await sql`begin`.execute(conn);
      await sql`insert into item values (2, 'before')`.execute(conn);
      await withHints({ commit: true }, sql`insert into item values (${1}, ${'dup'})`).execute(conn);
    })
    .catch((e: unknown) => e);
  t.match(err, { code: '23505' }, 'the statement’s error, not COMMIT’s quiet ROLLBACK');
  t.same(await visible(), [1], 'the earlier statement of the transaction did not commit either');
  t.equal(await inTransaction(db), false, 'the connection is outside any transaction');
});

t.test('commit – a failing COMMIT fails the call', async (t) => {
  const { db, visible } = await setup(t);
  await sql`alter table item add constraint note_unique unique (note) deferrable initially deferred`.execute(
    db,
  );
  await db.insertInto('item').values({ id: 1, note: 'same' }).execute();
  const err = await db
    .connection()
    .execute(async (conn) => {
      await sql`begin`.execute(conn);
      // Accepted by the statement, refused at COMMIT (the check is deferred).
      await withHints({ commit: true }, sql`insert into item values (${2}, ${'same'})`).execute(conn);
    })
    .catch((e: unknown) => e);
  t.match(err, { code: '23505', constraint: 'note_unique' });
  t.same(await visible(), [1]);
});
