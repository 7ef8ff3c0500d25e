import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { EmitEvent } from '@guildwire/bus';
import { createEventMeta, createMessage, giveawayEvents, systemActor } from '@guildwire/contracts';
import type { GiveawayChangeEvent } from '../domain/change.js';
import type { Caller, Entry, Giveaway } from '../domain/giveaway.js';
import { actorOf, entryToProto, giveawayToProto } from './to-proto.js';

const metaOf = (caller: Caller, guildId: string, version: number) =>
  createEventMeta({
    guildId,
    actor: actorOf(caller),
    aggregateVersion: version,
    ...(caller.correlationId ? { correlationId: caller.correlationId } : {}),
  });

/**
 * Emits the one event of a giveaway change into the transaction's outbox. Every event carries the
 * whole giveaway (the same JSON as the HTTP answer), so a dashboard needs no refetch.
 */
export function emitGiveawayEvent(
  emit: EmitEvent,
  caller: Caller,
  g: Giveaway,
  change: GiveawayChangeEvent,
): void {
  const base = { meta: metaOf(caller, g.guildId, g.version), giveaway: giveawayToProto(g) };
  const E = giveawayEvents;
  switch (change.type) {
    case 'created':
      emit(E.created, createMessage(E.created.schema, base));
      return;
    case 'started':
      emit(E.started, createMessage(E.started.schema, base));
      return;
    case 'updated':
      emit(E.updated, createMessage(E.updated.schema, { ...base, changedFields: [...change.changedFields] }));
      return;
    case 'paused':
      emit(E.paused, createMessage(E.paused.schema, base));
      return;
    case 'resumed':
      emit(E.resumed, createMessage(E.resumed.schema, base));
      return;
    case 'ended':
      emit(
        E.ended,
        createMessage(E.ended.schema, {
          ...base,
          winnerIds: [...change.round.userIds],
          allEntrantsWon: change.round.short,
        }),
      );
      return;
    case 'rerolled':
      emit(
        E.rerolled,
        createMessage(E.rerolled.schema, {
          ...base,
          winnerIds: [...change.round.userIds],
          round: change.round.round,
          short: change.round.short,
        }),
      );
      return;
    case 'cancelled':
      emit(E.cancelled, createMessage(E.cancelled.schema, base));
      return;
  }
}

/** The entrant's own confirmation (only they see it). */
export function emitEntryConfirmed(
  emit: EmitEvent,
  caller: Caller,
  guildId: string,
  version: number,
  entry: Entry,
) {
  emit(
    giveawayEvents.entryConfirmed,
    createMessage(giveawayEvents.entryConfirmed.schema, {
      meta: metaOf(caller, guildId, version),
      entry: entryToProto(entry),
    }),
  );
}

/** The entrant's own withdrawal (only they see it). */
export function emitEntryWithdrawn(
  emit: EmitEvent,
  caller: Caller,
  guildId: string,
  version: number,
  giveawayId: string,
  at: Date,
) {
  emit(
    giveawayEvents.entryWithdrawn,
    createMessage(giveawayEvents.entryWithdrawn.schema, {
      meta: metaOf(caller, guildId, version),
      giveawayId,
      userId: caller.userId,
      withdrawnAt: timestampFromDate(at),
    }),
  );
}

/** Name of the system actor of the coalesced counts. */
export const countActor = 'giveaway-counter';

/** The coalesced entrant count of one giveaway. */
export function emitEntrantsCounted(
  emit: EmitEvent,
  count: { guildId: string; giveawayId: string; count: number; version: number; countedAt: Date },
) {
  emit(
    giveawayEvents.entrantsCounted,
    createMessage(giveawayEvents.entrantsCounted.schema, {
      meta: createEventMeta({
        guildId: count.guildId,
        actor: systemActor(countActor),
        aggregateVersion: count.version,
      }),
      giveawayId: count.giveawayId,
      entrantCount: count.count,
      countedAt: timestampFromDate(count.countedAt),
    }),
  );
}
