import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { EmitEvent } from '@guildwire/bus';
import { createEventMeta, createMessage, TicketTagSchema, ticketEvents } from '@guildwire/contracts';
import type { Tag } from '../domain/tag.js';
import type { Caller } from '../domain/ticket.js';
import { actorOf } from './to-proto.js';

/** A tag as events, NATS replies and HTTP answers carry it. */
export function tagToProto(tag: Tag) {
  return createMessage(TicketTagSchema, {
    ...tag,
    keywords: [...tag.keywords],
    createdAt: timestampFromDate(tag.createdAt),
    updatedAt: timestampFromDate(tag.updatedAt),
  });
}

/** A tag change and what its event carries beyond the tag. */
export type TagChange =
  | { readonly type: 'created' | 'deleted' }
  | { readonly type: 'updated'; readonly changedFields: readonly string[] };

/** Emits ticket.tag_created, tag_updated or tag_deleted; each carries the whole tag (after the change). */
export function emitTagEvent(emit: EmitEvent, caller: Caller, tag: Tag, change: TagChange): void {
  const meta = createEventMeta({
    guildId: tag.guildId,
    actor: actorOf(caller),
    aggregateVersion: tag.version,
    ...(caller.correlationId ? { correlationId: caller.correlationId } : {}),
  });
  const base = { meta, tag: tagToProto(tag) };
  if (change.type === 'updated') {
    const def = ticketEvents.tagUpdated;
    emit(def, createMessage(def.schema, { ...base, changedFields: [...change.changedFields] }));
    return;
  }
  const def = change.type === 'created' ? ticketEvents.tagCreated : ticketEvents.tagDeleted;
  emit(def, createMessage(def.schema, base));
}
