import { type Kysely, sql } from 'kysely';

/**
 * A write becomes one statement: the current row carries how its version came to be (kind,
 * changes, restored version, reason, actor kind), and a trigger appends each version the row takes
 * to `settings_versions`. The write — an update conditional on the version the writer read, or the
 * first version's `insert … on conflict do nothing` — its history row and its outbox event are then
 * one round trip; of concurrent writers of one version exactly one changes the row. Frozen in time.
 */
// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table module_settings
    add column kind text, add column changes jsonb, add column restored_version integer,
    add column reason text not null default '', add column actor_kind text`.execute(db);
  await sql`update module_settings m
    set kind = v.kind, changes = v.changes, restored_version = v.restored_version, reason = v.reason,
      actor_kind = v.actor_kind
    from settings_versions v
    where v.guild_id = m.guild_id and v.module = m.module and v.version = m.version`.execute(db);
  await sql`alter table module_settings
    alter column kind set not null, alter column changes set not null, alter column actor_kind set not null,
    add constraint module_settings_kind check (kind in ('update', 'rollback', 'reset'))`.execute(db);
  await sql`create function settings_version_recorded() returns trigger language plpgsql as $$
    begin
      insert into settings_versions (guild_id, module, version, settings, kind, changes, restored_version,
        reason, actor_kind, actor_id, created_at)
      values (new.guild_id, new.module, new.version, new.settings, new.kind, new.changes, new.restored_version,
        new.reason, new.actor_kind, new.updated_by, new.updated_at);
      return new;
    end $$`.execute(db);
  await sql`create trigger module_settings_history after insert or update on module_settings
    for each row execute function settings_version_recorded()`.execute(db);
}

// biome-ignore lint/suspicious/noExplicitAny: migrations are frozen in time and take Kysely<any>
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger module_settings_history on module_settings`.execute(db);
  await sql`drop function settings_version_recorded()`.execute(db);
  await sql`alter table module_settings drop constraint module_settings_kind,
    drop column kind, drop column changes, drop column restored_version, drop column reason,
    drop column actor_kind`.execute(db);
}
