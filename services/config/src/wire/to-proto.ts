import { fromJson, type JsonObject, type MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate, ValueSchema } from '@bufbuild/protobuf/wkt';
import {
  type Actor,
  ActorKind,
  ActorSchema,
  createMessage,
  type FieldChangeSchema,
  type ModuleSettingsSchema,
  SettingsChangeKind,
  type SettingsModule,
  type SettingsModuleInfoSchema,
  type SettingsReply,
  SettingsReplySchema,
  type SettingsVersionSchema,
} from '@guildwire/contracts';
import type { Caller } from '../domain/caller.js';
import type { ChangeKind, FieldChange, ModuleState, SettingsVersion } from '../domain/module-settings.js';

// The one mapping of the service's state to the contracts' messages: HTTP replies
// (toDashboardJson of these), command replies and config.updated events all come from here.

export const changeKinds: Readonly<Record<ChangeKind, SettingsChangeKind>> = {
  update: SettingsChangeKind.UPDATE,
  rollback: SettingsChangeKind.ROLLBACK,
  reset: SettingsChangeKind.RESET,
};

/** A module's settings at one version. */
export function moduleSettingsToProto(state: ModuleState): MessageInitShape<typeof ModuleSettingsSchema> {
  return {
    guildId: state.guildId,
    module: state.module,
    version: state.version,
    settings: state.settings,
    ...(state.updatedAt ? { updatedAt: timestampFromDate(state.updatedAt) } : {}),
    updatedBy: state.updatedBy,
  };
}

/** One field change; an absent side stays unset (null in the dashboard dialect). */
export function fieldChangeToProto(change: FieldChange): MessageInitShape<typeof FieldChangeSchema> {
  return {
    path: change.path,
    ...(change.before === undefined ? {} : { before: fromJson(ValueSchema, change.before) }),
    ...(change.after === undefined ? {} : { after: fromJson(ValueSchema, change.after) }),
  };
}

/** One entry of the history. */
export function settingsVersionToProto(
  entry: SettingsVersion,
): MessageInitShape<typeof SettingsVersionSchema> {
  return {
    settings: moduleSettingsToProto(entry.state),
    kind: changeKinds[entry.kind],
    changes: entry.changes.map(fieldChangeToProto),
    restoredVersion: entry.restoredVersion ?? 0,
    reason: entry.reason,
  };
}

/** A declared module as the dashboard renders its form: schema and defaults as JSON. */
export function moduleInfoToProto(module: SettingsModule): MessageInitShape<typeof SettingsModuleInfoSchema> {
  return {
    name: module.name,
    title: module.title,
    description: module.description,
    // A JSON round trip drops what JSON Schema does not carry (TypeBox's symbols, undefined).
    schema: JSON.parse(JSON.stringify(module.schema)) as JsonObject,
    defaults: structuredClone(module.defaults) as JsonObject,
  };
}

const actorKinds = {
  dashboard: ActorKind.DASHBOARD_USER,
  discord: ActorKind.DISCORD_USER,
  system: ActorKind.SYSTEM,
} as const;

/** The caller as an event's actor. */
export function actorOf(caller: Caller): Actor {
  return createMessage(ActorSchema, { kind: actorKinds[caller.actorKind], id: caller.actorId });
}

/** The reply of get and of every write (HTTP writes answer it too). */
export function settingsReplyToProto(result: {
  readonly state: ModuleState;
  readonly replayed: boolean;
}): SettingsReply {
  return createMessage(SettingsReplySchema, {
    settings: moduleSettingsToProto(result.state),
    replayed: result.replayed,
  });
}
