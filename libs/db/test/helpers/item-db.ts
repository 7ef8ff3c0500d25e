import { type TeardownHost, testPostgres } from '@guildwire/testkit';
import { sql } from 'kysely';
import { createDb } from '../../src/index.js';

export interface ItemDb {
  item: { id: number; note: string };
}

/**
 * A createDb pool on a fresh database with an `item` table, and `visible()`: the item ids a second
 * pool sees, that is what was committed.
 */
export async function itemDb(t: TeardownHost, options: { poolSize?: number } = {}) {
  const { url } = await testPostgres(t);
  const db = createDb<ItemDb>({ url, poolSize: options.poolSize ?? 2 });
  t.teardown(() => db.destroy());
  await sql`create table item (id int primary key, note text not null)`.execute(db);
  const observer = createDb<ItemDb>({ url, poolSize: 1 });
  t.teardown(() => observer.destroy());
  const visible = async () =>
    (await observer.selectFrom('item').select('id').orderBy('id').execute()).map((r) => r.id);
  return { db, url, visible };
}
