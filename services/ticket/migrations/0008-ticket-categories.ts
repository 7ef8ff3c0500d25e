import { type Kysely, sql } from 'kysely';

/**
 * Ticket categories and their forms. Every ticket names its category ('default' for the category
 * made of the tickets module's top-level settings, which is what every existing ticket was opened
 * into) and keeps the answers given to its category's questions; `answers_text` is their values in
 * one string, which the list's text search reads. Panels list the categories they offer.
 *
 * The open limit becomes per category: opener_slots is keyed by (guild, opener, category), every
 * existing slot counted under 'default'. The trigger that keeps slots in step with the status now
 * also moves a slot when an active ticket changes category (a move), whatever path changed it.
 * Numbered 0008 (0006 and 0007 were kept free for work merged later; the conversation search became 0009). Frozen in time.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('tickets')
    .addColumn('category_id', 'text', (c) => c.notNull().defaultTo('default'))
    .addColumn('answers', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('answers_text', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema
    .createIndex('tickets_guild_category_idx')
    .on('tickets')
    .columns(['guild_id', 'category_id', 'created_at'])
    .execute();
  await db.schema
    .alterTable('panels')
    .addColumn('category_ids', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
    .execute();

  await db.schema
    .alterTable('opener_slots')
    .addColumn('category_id', 'text', (c) => c.notNull().defaultTo('default'))
    .execute();
  await sql`alter table opener_slots drop constraint opener_slots_pk`.execute(db);
  await sql`alter table opener_slots add constraint opener_slots_pk primary key (guild_id, opener_id, category_id)`.execute(
    db,
  );
  await sql`drop trigger tickets_opener_slot on tickets`.execute(db);
  await sql`create or replace function ticket_opener_slot() returns trigger language plpgsql as $$
    begin
      if old.status <> 'closed' then
        update opener_slots set active = active - 1
          where guild_id = old.guild_id and opener_id = old.opener_id and category_id = old.category_id;
      end if;
      if new.status <> 'closed' then
        insert into opener_slots (guild_id, opener_id, category_id, active)
          values (new.guild_id, new.opener_id, new.category_id, 1)
        on conflict (guild_id, opener_id, category_id) do update set active = opener_slots.active + 1;
      end if;
      return new;
    end $$`.execute(db);
  // Fires when the ticket starts or stops counting (closed ⇄ not closed) or changes category.
  await sql`create trigger tickets_opener_slot after update of status, category_id on tickets
    for each row when ((old.status = 'closed') is distinct from (new.status = 'closed')
      or old.category_id is distinct from new.category_id)
    execute function ticket_opener_slot()`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger tickets_opener_slot on tickets`.execute(db);
  await sql`delete from opener_slots where category_id <> 'default'`.execute(db);
  await sql`update opener_slots s set active = (select count(*) from tickets t
    where t.guild_id = s.guild_id and t.opener_id = s.opener_id and t.status <> 'closed')`.execute(db);
  await sql`alter table opener_slots drop constraint opener_slots_pk`.execute(db);
  await db.schema.alterTable('opener_slots').dropColumn('category_id').execute();
  await sql`alter table opener_slots add constraint opener_slots_pk primary key (guild_id, opener_id)`.execute(
    db,
  );
  await sql`create or replace function ticket_opener_slot() returns trigger language plpgsql as $$
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
  await db.schema.alterTable('panels').dropColumn('category_ids').execute();
  await db.schema.dropIndex('tickets_guild_category_idx').execute();
  await db.schema
    .alterTable('tickets')
    .dropColumn('category_id')
    .dropColumn('answers')
    .dropColumn('answers_text')
    .execute();
}
