import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { EmitEvent } from '@guildwire/bus';
import {
  createEventMeta,
  createMessage,
  type TicketBlacklistEntry,
  TicketBlacklistEntrySchema,
  TicketBlacklistKind,
  ticketEvents,
} from '@guildwire/contracts';
import type { BlacklistEntry, BlacklistKind } from '../domain/blacklist.js';
import type { Caller } from '../domain/ticket.js';
import { actorOf } from './to-proto.js';

const kinds: Record<BlacklistKind, TicketBlacklistKind> = {
  user: TicketBlacklistKind.USER,
  role: TicketBlacklistKind.ROLE,
};

/** The domain kind of a proto kind; undefined for UNSPECIFIED or an unknown number. */
export function blacklistKindFromProto(kind: TicketBlacklistKind): BlacklistKind | undefined {
  return kind === TicketBlacklistKind.USER ? 'user' : kind === TicketBlacklistKind.ROLE ? 'role' : undefined;
}

/** A blacklist entry as events, command replies and HTTP bodies carry it. */
export function blacklistEntryToProto(entry: BlacklistEntry): TicketBlacklistEntry {
  return createMessage(TicketBlacklistEntrySchema, {
    guildId: entry.guildId,
    kind: kinds[entry.kind],
    targetId: entry.targetId,
    reason: entry.reason,
    addedBy: entry.addedBy,
    addedAt: timestampFromDate(entry.addedAt),
    version: entry.version,
  });
}

/** Emits `ticket.blacklist_added` (replaced: a re-add with another reason) or `blacklist_removed`. */
export function emitBlacklistEvent(
  emit: EmitEvent,
  caller: Caller,
  entry: BlacklistEntry,
  change: { readonly type: 'added'; readonly replaced: boolean } | { readonly type: 'removed' },
): void {
  const meta = createEventMeta({
    guildId: entry.guildId,
    actor: actorOf(caller),
    aggregateVersion: entry.version,
    ...(caller.correlationId ? { correlationId: caller.correlationId } : {}),
  });
  const base = { meta, entry: blacklistEntryToProto(entry) };
  if (change.type === 'added') {
    const def = ticketEvents.blacklistAdded;
    emit(def, createMessage(def.schema, { ...base, replaced: change.replaced }));
    return;
  }
  const def = ticketEvents.blacklistRemoved;
  emit(def, createMessage(def.schema, base));
}
