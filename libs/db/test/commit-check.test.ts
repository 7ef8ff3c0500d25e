import { sql } from 'kysely';
import t from 'tap';
import { TransactionRolledBackError } from '../src/index.js';
import { itemDb } from './helpers/item-db.js';

for (const pipeline of [true, false]) {
  t.test(
    `COMMIT of an aborted transaction fails instead of passing for success (pipeline ${pipeline})`,
    async (t) => {
      const { db, visible } = await itemDb(t, { poolSize: 1, pipeline });
      await db.insertInto('item').values({ id: 1, note: 'there' }).execute();
      // kysely's own transaction: the failed statement's error is caught and the callback returns.
      const err = await db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('item').values({ id: 2, note: 'lost' }).execute();
          await trx
            .insertInto('item')
            .values({ id: 1, note: 'duplicate' })
            .execute()
            .catch(() => undefined);
        })
        .catch((e: unknown) => e);
      t.type(err, TransactionRolledBackError);
      t.match(err, { code: 'GW_DB_ROLLED_BACK' });
      t.same(await visible(), [1], 'the row written before the failure was rolled back, as reported');

      // A COMMIT sent by hand on a reserved connection (the outbox's way) is checked the same way.
      const manual = await db
        .connection()
        .execute(async (conn) => {
          await sql`begin`.execute(conn);
          await sql`select 1 / 0`.execute(conn).catch(() => undefined);
          await sql`commit`.execute(conn);
        })
        .catch((e: unknown) => e);
      t.type(manual, TransactionRolledBackError);

      // Healthy transactions and a stray COMMIT outside any transaction are unaffected.
      await db
        .transaction()
        .execute((trx) => trx.insertInto('item').values({ id: 3, note: 'kept' }).execute());
      await sql`commit`.execute(db);
      t.same(await visible(), [1, 3]);
    },
  );
}
