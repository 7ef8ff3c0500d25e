import type { JsonObject } from '@bufbuild/protobuf';
import type { OutboxDatabase } from '@guildwire/bus';
import type { IdempotencyDatabase } from '@guildwire/service-kit';
import type { ColumnType } from 'kysely';

/** A jsonb column: pg hands back the parsed value; we write JSON text. */
type Json<T> = ColumnType<T, string, string>;

/**
 * The current version of a guild's module (no row: version 0, the defaults) and how it came to be;
 * a trigger appends each version the row takes to `settings_versions`.
 */
export interface ModuleSettingsTable {
  guild_id: string;
  module: string;
  version: number;
  settings: Json<JsonObject>;
  kind: 'update' | 'rollback' | 'reset';
  changes: Json<StoredChange[]>;
  restored_version: number | null;
  reason: string;
  updated_at: Date;
  actor_kind: string;
  updated_by: string;
}

/** One stored change: what a field was and became (absent when it did not / no longer exist). */
export interface StoredChange {
  readonly path: string;
  readonly before?: unknown;
  readonly after?: unknown;
}

/** Every version of a guild's module. */
export interface SettingsVersionsTable {
  guild_id: string;
  module: string;
  version: number;
  settings: Json<JsonObject>;
  kind: 'update' | 'rollback' | 'reset';
  changes: Json<StoredChange[]>;
  restored_version: number | null;
  reason: string;
  actor_kind: string;
  actor_id: string;
  created_at: Date;
}

/** The `config` schema. */
export interface ConfigDatabase extends OutboxDatabase, IdempotencyDatabase {
  module_settings: ModuleSettingsTable;
  settings_versions: SettingsVersionsTable;
}
