import type { JsonObject, JsonValue } from '@bufbuild/protobuf';
import {
  isSettingsModuleName,
  type SettingsModule,
  type SettingsModuleName,
  settingsModules,
} from '@guildwire/contracts';
import Value from 'typebox/value';
import { configErrors } from '../errors.js';
import type { ActorKind } from './caller.js';

/** A guild's settings of one module at one version. Version 0: never changed, the defaults. */
export interface ModuleState {
  readonly guildId: string;
  readonly module: SettingsModuleName;
  readonly version: number;
  /** Every field of the module's schema (defaults filled in). */
  readonly settings: JsonObject;
  /** Null at version 0. */
  readonly updatedAt: Date | null;
  /** Who made this version; '' at version 0. */
  readonly updatedBy: string;
}

/** How a version came to be. */
export type ChangeKind = 'update' | 'rollback' | 'reset';

/** One field a version changed; `before`/`after` are absent when the field did not / no longer exist. */
export interface FieldChange {
  readonly path: string;
  readonly before?: JsonValue;
  readonly after?: JsonValue;
}

/** One entry of a module's history. */
export interface SettingsVersion {
  readonly state: ModuleState;
  readonly kind: ChangeKind;
  readonly changes: readonly FieldChange[];
  /** For a rollback: the version whose content was restored. */
  readonly restoredVersion: number | null;
  readonly reason: string;
  readonly actorKind: ActorKind;
}

/** The declared module called `name`; 404 CONFIG_ERR_UNKNOWN_MODULE for any other name. */
export function moduleNamed(name: string): SettingsModule & { readonly name: SettingsModuleName } {
  if (!isSettingsModuleName(name)) throw new configErrors.CONFIG_ERR_UNKNOWN_MODULE(name);
  return settingsModules[name];
}

/**
 * `settings` with the module's defaults filled in for every field it lacks (a field declared after
 * the version was stored, or left out of a replace), its fields in the schema's order. Never
 * mutates `settings`.
 */
export function withDefaults(module: SettingsModule, settings: JsonObject): JsonObject {
  return inSchemaOrder(module.schema, Value.Default(module.schema, structuredClone(settings))) as JsonObject;
}

interface SchemaNode {
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
}

/**
 * Members in the order the schema declares them, unknown ones after. Postgres' jsonb keeps objects
 * in its own key order; answers, events and diffs list fields the way the module declares them.
 */
export function inSchemaOrder(schemaOf: object, value: unknown): unknown {
  const schema = schemaOf as SchemaNode;
  if (Array.isArray(value))
    return schema.items ? value.map((item) => inSchemaOrder(schema.items!, item)) : value;
  if (!schema.properties || typeof value !== 'object' || value === null) return value;
  const source = value as Record<string, unknown>;
  const ordered: Record<string, unknown> = {};
  const keys = [
    ...Object.keys(schema.properties).filter((k) => Object.hasOwn(source, k)),
    ...Object.keys(source),
  ];
  for (const key of new Set(keys)) {
    const inner = schema.properties[key];
    Object.defineProperty(ordered, key, {
      value: inner ? inSchemaOrder(inner, source[key]) : source[key],
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return ordered;
}

/** The state of a module a guild never changed. */
export function defaultState(guildId: string, module: SettingsModule & { name: SettingsModuleName }) {
  return {
    guildId,
    module: module.name,
    version: 0,
    settings: structuredClone(module.defaults) as JsonObject,
    updatedAt: null,
    updatedBy: '',
  } satisfies ModuleState;
}
