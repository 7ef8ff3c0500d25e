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
    /** The current stored version (undefined: never changed). */
    async current(guildId: string, module: SettingsModuleName): Promise<ModuleState | undefined> {
      const row = await db
        .selectFrom('module_settings')
        .select(['version', 'settings', 'updated_at', 'updated_by'])
        .where('guild_id', '=', guildId)
        .where('module', '=', module)
        .executeTakeFirst();
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
     * The statement that makes `entry` the current version if the current one is still `previous`
     * (a trigger appends it to the history): an update conditional on the version, or for the first
     * version an insert that does nothing when a concurrent first writer got there first. It
     * returns the new version's row, or no row when someone else won.
     */
    advance(entry: NewVersion, previous: number) {
      const { state } = entry;
      const values = {
        version: state.version,
        settings: JSON.stringify(state.settings),
        kind: entry.kind,
        changes: JSON.stringify(entry.changes),
        restored_version: entry.restoredVersion,
        reason: entry.reason,
        updated_at: state.updatedAt,
        actor_kind: entry.actorKind,
        updated_by: state.updatedBy,
      };
      if (previous === 0) {
        return db
          .insertInto('module_settings')
          .values({ guild_id: state.guildId, module: state.module, ...values })
          .onConflict((oc) => oc.columns(['guild_id', 'module']).doNothing())
          .returning('version');
      }
      return db
        .updateTable('module_settings')
        .set(values)
        .where('guild_id', '=', state.guildId)
        .where('module', '=', state.module)
        .where('version', '=', previous)
        .returning('version');
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
