import type { JsonObject } from '@bufbuild/protobuf';
import { type SettingsModuleName, settingsModules } from '@guildwire/contracts';
import type { Kysely, Selectable } from 'kysely';
import type { ActorKind } from '../domain/caller.js';
import {
  type FieldChange,
  inSchemaOrder,
  type ModuleState,
  type SettingsVersion,
} from '../domain/module-settings.js';
import type { ConfigDatabase, SettingsVersionsTable } from './database.js';

/** A new version as stored: the state it made and how. */
export interface NewVersion {
  readonly state: ModuleState & { readonly updatedAt: Date };
  readonly kind: SettingsVersion['kind'];
  readonly changes: readonly FieldChange[];
  readonly restoredVersion: number | null;
  readonly reason: string;
  readonly actorKind: ActorKind;
}

function versionOf(row: Selectable<SettingsVersionsTable>): SettingsVersion {
  const module = row.module as SettingsModuleName;
  return {
    state: {
      guildId: row.guild_id,
      module,
      version: row.version,
      // As stored (a rollback fills defaults declared since); jsonb reorders keys, the schema's order back.
      settings: inSchemaOrder(settingsModules[module].schema, row.settings) as JsonObject,
      updatedAt: row.created_at,
      updatedBy: row.actor_id,
    },
    kind: row.kind,
    changes: row.changes as FieldChange[],
    restoredVersion: row.restored_version,
    reason: row.reason,
    actorKind: row.actor_kind as ActorKind,
  };
}

/** Module settings and their history in one database or transaction. */
export function settingsStore(db: Kysely<ConfigDatabase>) {
  return {
    /** The current stored version (undefined: never changed); `forUpdate` locks it until commit. */
    async current(
      guildId: string,
      module: SettingsModuleName,
      options: { forUpdate?: boolean } = {},
    ): Promise<ModuleState | undefined> {
      let query = db
        .selectFrom('module_settings')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where('module', '=', module);
      if (options.forUpdate) query = query.forUpdate();
      const row = await query.executeTakeFirst();
      return row
        ? {
            guildId,
            module,
            version: row.version,
            settings: row.settings,
            updatedAt: row.updated_at,
            updatedBy: row.updated_by,
          }
        : undefined;
    },

    /**
     * Makes `next` the current version when the current one is still `previous`: an update of the
     * locked row, or for the first version an insert that a concurrent first writer may have beaten
     * (the insert then waits for that writer's commit and does nothing). False: someone else won.
     */
    async advance(next: NewVersion['state'], previous: number): Promise<boolean> {
      const values = {
        version: next.version,
        settings: JSON.stringify(next.settings),
        updated_at: next.updatedAt,
        updated_by: next.updatedBy,
      };
      if (previous === 0) {
        const inserted = await db
          .insertInto('module_settings')
          .values({ guild_id: next.guildId, module: next.module, ...values })
          .onConflict((oc) => oc.columns(['guild_id', 'module']).doNothing())
          .returning('version')
          .executeTakeFirst();
        return inserted !== undefined;
      }
      const updated = await db
        .updateTable('module_settings')
        .set(values)
        .where('guild_id', '=', next.guildId)
        .where('module', '=', next.module)
        .where('version', '=', previous)
        .executeTakeFirst();
      return updated.numUpdatedRows === 1n;
    },

    async insertVersion(entry: NewVersion): Promise<void> {
      const { state } = entry;
      await db
        .insertInto('settings_versions')
        .values({
          guild_id: state.guildId,
          module: state.module,
          version: state.version,
          settings: JSON.stringify(state.settings),
          kind: entry.kind,
          changes: JSON.stringify(entry.changes),
          restored_version: entry.restoredVersion,
          reason: entry.reason,
          actor_kind: entry.actorKind,
          actor_id: state.updatedBy,
          created_at: state.updatedAt,
        })
        .execute();
    },

    async version(guildId: string, module: SettingsModuleName, version: number) {
      const row = await db
        .selectFrom('settings_versions')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where('module', '=', module)
        .where('version', '=', version)
        .executeTakeFirst();
      return row ? versionOf(row) : undefined;
    },

    /** Versions newest first, those below `before` when given; `limit` at most. */
    async history(
      guildId: string,
      module: SettingsModuleName,
      page: { readonly before?: number | undefined; readonly limit: number },
    ): Promise<SettingsVersion[]> {
      let query = db
        .selectFrom('settings_versions')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where('module', '=', module);
      if (page.before !== undefined) query = query.where('version', '<', page.before);
      const rows = await query.orderBy('version', 'desc').limit(page.limit).execute();
      return rows.map(versionOf);
    },
  };
}

/** The settings store's interface. */
export type SettingsStore = ReturnType<typeof settingsStore>;
