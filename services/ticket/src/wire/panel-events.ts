import type { EmitEvent } from '@guildwire/bus';
import { createEventMeta, createMessage, ticketEvents } from '@guildwire/contracts';
import type { Panel } from '../domain/panel.js';
import type { Caller } from '../domain/ticket.js';
import { actorOf, panelToProto } from './to-proto.js';

/** A panel change and what its event carries beyond the panel snapshot. */
export type PanelChange =
  | { readonly type: 'created' | 'deleted' | 'send_requested' }
  | { readonly type: 'updated'; readonly changedFields: readonly string[] };

/** The events that carry nothing beyond the panel snapshot, by change type. */
const snapshotEvents = {
  created: ticketEvents.panelCreated,
  deleted: ticketEvents.panelDeleted,
  send_requested: ticketEvents.panelSendRequested,
} as const;

/** Emits the event of a panel change; it carries the whole panel (after the change). */
export function emitPanelEvent(emit: EmitEvent, caller: Caller, panel: Panel, change: PanelChange): void {
  const meta = createEventMeta({
    guildId: panel.guildId,
    actor: actorOf(caller),
    aggregateVersion: panel.version,
    ...(caller.correlationId ? { correlationId: caller.correlationId } : {}),
  });
  const base = { meta, panel: panelToProto(panel) };
  if (change.type === 'updated') {
    const def = ticketEvents.panelUpdated;
    emit(def, createMessage(def.schema, { ...base, changedFields: [...change.changedFields] }));
    return;
  }
  const def = snapshotEvents[change.type];
  emit(def, createMessage(def.schema, base));
}
