import type { EmitEvent } from '@guildwire/bus';
import { configEvents, createEventMeta, createMessage } from '@guildwire/contracts';
import type { Caller } from '../domain/caller.js';
import type { SettingsVersion } from '../domain/module-settings.js';
import { actorOf, changeKinds, fieldChangeToProto, moduleSettingsToProto } from './to-proto.js';

/** Emits the one `config.updated` of a new version: the full settings, the diff, the actor. */
export function emitConfigUpdated(emit: EmitEvent, caller: Caller, entry: SettingsVersion): void {
  const def = configEvents.updated;
  const meta = createEventMeta({
    guildId: entry.state.guildId,
    actor: actorOf(caller),
    aggregateVersion: entry.state.version,
    ...(caller.correlationId ? { correlationId: caller.correlationId } : {}),
  });
  emit(
    def,
    createMessage(def.schema, {
      meta,
      settings: moduleSettingsToProto(entry.state),
      kind: changeKinds[entry.kind],
      changes: entry.changes.map(fieldChangeToProto),
      restoredVersion: entry.restoredVersion ?? 0,
      reason: entry.reason,
    }),
  );
}
