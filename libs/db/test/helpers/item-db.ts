import { type TeardownHost, testPostgres } from '@guildwire/testkit';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { createDb } from '../../src/index.js';

export interface ItemDb {
  item: { id: number; note: string };
}

/**
 * A createDb pool on a fresh database with an `item` table, and `visible()`: the item ids a second
 * pool sees, that is what was committed.
 */
export async function itemDb(
  t: TeardownHost,
  options: { poolSize?: number; pipeline?: boolean; preparedStatements?: boolean } = {},
) {
  const { url } = await testPostgres(t);
  const db = createDb<ItemDb>({ url, poolSize: options.poolSize ?? 2, ...options });
  t.teardown(() => db.destroy());
  await sql`create table item (id int primary key, note text not null)`.execute(db);
  const observer = createDb<ItemDb>({ url, poolSize: 1 });
  t.teardown(() => observer.destroy());
  const visible = async () =>
    (await observer.selectFrom('item').select('id').orderBy('id').execute()).map((r) => r.id);
  return { db, url, visible };
}

/** A Kysely over kysely's own Postgres dialect (not createDb): its driver ignores statement hints. */
export function plainKysely(t: TeardownHost, url: string): Kysely<ItemDb> {
  const plain = new Kysely<ItemDb>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url, max: 1 }) }),
  });
  t.teardown(() => plain.destroy());
  return plain;
}

/** True when the connection that runs this query is inside a transaction (left open). */
export async function inTransaction(db: Kysely<ItemDb>): Promise<boolean | undefined> {
  return (await sql<{ open: boolean }>`select now() <> statement_timestamp() as open`.execute(db)).rows[0]
    ?.open;
}
