import { AbortedTransactionError } from 'kysely';
import t from 'tap';
import { itemDb } from './helpers/item-db.js';

// Postgres answers the COMMIT of an aborted transaction with the tag ROLLBACK and no error. kysely's
// Postgres driver turns that into AbortedTransactionError; this pins it for createDb's pool, since
// the outbox relies on it (a kysely downgrade would silently lose the check).
t.test('createDb – COMMIT of an aborted transaction fails instead of passing for success', async (t) => {
  const { db, visible } = await itemDb(t, { poolSize: 1 });
  await db.insertInto('item').values({ id: 1, note: 'there' }).execute();
  // The failed statement's error is caught and the callback returns.
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
  t.type(err, AbortedTransactionError);
  t.same(await visible(), [1], 'the row written before the failure was rolled back, as reported');

  // The connection is usable afterwards, and healthy transactions commit.
  await db.transaction().execute((trx) => trx.insertInto('item').values({ id: 3, note: 'kept' }).execute());
  t.same(await visible(), [1, 3]);
});
