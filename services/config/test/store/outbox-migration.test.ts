import { createOutboxTable } from '@guildwire/bus/testing';
import { sql } from 'kysely';
import t from 'tap';
import { configDb } from '../fixtures.js';

// 0001-outbox spells the table out (migrations are frozen); this catches a drift from the table
// libs/bus's outbox writes and its relay reads.
t.test('outbox migration – the config schema has exactly the outbox table libs/bus expects', async (t) => {
  const { db } = await configDb(t);
  await sql`create schema outbox_reference`.execute(db);
  await createOutboxTable(db.withSchema('outbox_reference'));
  const columns = (schema: string) =>
    sql<{ column_name: string; data_type: string; is_nullable: string; column_default: string | null }>`
      select column_name, data_type, is_nullable, column_default from information_schema.columns
      where table_schema = ${schema} and table_name = 'outbox' order by ordinal_position`
      .execute(db)
      .then((r) =>
        r.rows.map((c) => ({ ...c, column_default: c.column_default?.replace(`${schema}.`, '') })),
      );
  const config = await columns('config');
  t.equal(config.length, 6, 'the migration created the outbox');
  t.same(config, await columns('outbox_reference'));
});
