import { createDb, migrateToLatest } from '@guildwire/db';
import { testPostgres } from '@guildwire/testkit';
import { sql } from 'kysely';
import t from 'tap';
import { ticketMigrations } from '../../migrations/index.js';
import type { TicketDatabase } from '../../src/store/database.js';

// A database of tickets opened before categories: migrating it must keep every open limit counted
// (all under the default category), and the slot trigger must then follow moves between categories.
t.test('categories migration – existing tickets and slots land in the default category', async (t) => {
  const pg = await testPostgres(t);
  const db = createDb<TicketDatabase>({ url: pg.url, schema: 'ticket', poolSize: 4 });
  t.teardown(() => db.destroy());
  const before = Object.fromEntries(Object.entries(ticketMigrations).filter(([name]) => name < '0006'));
  await migrateToLatest(db, { schema: 'ticket', migrations: before });
  const insert = (id: string, opener: string, status: string) =>
    sql`insert into tickets (id, guild_id, number, subject, status, priority, opener_id, created_at,
      updated_at, last_activity_at, version)
      values (${id}, '1', ${Number(id.slice(-1))}, 'old', ${status}, 2, ${opener}, now(), now(), now(), 1)`.execute(
      db,
    );
  await sql`insert into opener_slots (guild_id, opener_id, active) values ('1', '7', 2), ('1', '8', 0)`.execute(
    db,
  );
  await insert('00000000-0000-7000-8000-000000000001', '7', 'open');
  await insert('00000000-0000-7000-8000-000000000002', '7', 'claimed');
  await insert('00000000-0000-7000-8000-000000000003', '8', 'closed');

  await migrateToLatest(db, { schema: 'ticket', migrations: ticketMigrations });
  const tickets = await db.selectFrom('tickets').select(['category_id', 'answers', 'answers_text']).execute();
  t.same(
    tickets.map((r) => [r.category_id, r.answers, r.answers_text]),
    Array(3).fill(['default', [], '']),
  );
  const slots = () =>
    db
      .selectFrom('opener_slots')
      .select(['opener_id', 'category_id', 'active'])
      .orderBy('opener_id')
      .orderBy('category_id')
      .execute();
  t.same(await slots(), [
    { opener_id: '7', category_id: 'default', active: 2 },
    { opener_id: '8', category_id: 'default', active: 0 },
  ]);

  // A move carries the slot along; a close frees the slot of the category the ticket is in.
  await sql`update tickets set category_id = 'billing' where id = '00000000-0000-7000-8000-000000000001'`.execute(
    db,
  );
  await sql`update tickets set status = 'closed' where id = '00000000-0000-7000-8000-000000000001'`.execute(
    db,
  );
  await sql`update tickets set status = 'open' where id = '00000000-0000-7000-8000-000000000002'`.execute(db);
  await sql`update tickets set category_id = 'bugs' where id = '00000000-0000-7000-8000-000000000003'`.execute(
    db,
  );
  t.same(
    await slots(),
    [
      { opener_id: '7', category_id: 'billing', active: 0 },
      { opener_id: '7', category_id: 'default', active: 1 },
      { opener_id: '8', category_id: 'default', active: 0 },
    ],
    'claimed → open changes no count; moving a closed ticket takes no slot',
  );
});
