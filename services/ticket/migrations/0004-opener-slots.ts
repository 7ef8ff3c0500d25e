import { type Kysely, sql } from 'kysely';

/**
 * Active (open or claimed) tickets per opener and guild. Opening takes a slot with a conditional
 * upsert (`... do update ... where active < limit`): concurrent opens of one user queue on the row
 * and re-check the limit against the committed count, so the limit holds without a lock round trip.
 * A trigger gives the slot back when a ticket closes and takes it again on reopen, whatever path
 * changed the status (operations, timers). Frozen in time.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('opener_slots')
    .addColumn('guild_id', 'text', (c) => c.notNull())
    .addColumn('opener_id', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('opener_slots_pk', ['guild_id', 'opener_id'])
    .execute();
  await sql`insert into opener_slots (guild_id, opener_id, active)
    select guild_id, opener_id, count(*) from tickets where status <> 'closed' group by guild_id, opener_id`.execute(
    db,
  );
  await sql`create function ticket_opener_slot() returns trigger language plpgsql as $$
    begin
      if old.status <> 'closed' and new.status = 'closed' then
        update opener_slots set active = active - 1 where guild_id = new.guild_id and opener_id = new.opener_id;
      elsif old.status = 'closed' and new.status <> 'closed' then
        insert into opener_slots (guild_id, opener_id, active) values (new.guild_id, new.opener_id, 1)
        on conflict (guild_id, opener_id) do update set active = opener_slots.active + 1;
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger tickets_opener_slot after update of status on tickets
    for each row when (old.status is distinct from new.status) execute function ticket_opener_slot()`.execute(
    db,
  );
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger tickets_opener_slot on tickets`.execute(db);
  await sql`drop function ticket_opener_slot()`.execute(db);
  await db.schema.dropTable('opener_slots').execute();
}
