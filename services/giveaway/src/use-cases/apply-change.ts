import type { EmitEvent } from '@guildwire/bus';
import { assertVersion } from '@guildwire/service-kit';
import type { Transaction } from 'kysely';
import type { ChangeContext, GiveawayChange } from '../domain/change.js';
import type { Caller, Giveaway, HistoryEntry } from '../domain/giveaway.js';
import { giveawayErrors } from '../errors.js';
import type { GiveawayDatabase } from '../store/database.js';
import { giveawayStore } from '../store/giveaway-store.js';
import { emitGiveawayEvent } from '../wire/giveaway-events.js';

/** Decides a giveaway's change from its locked current state (may read inside the transaction). */
export type Decide = (
  giveaway: Giveaway,
  ctx: ChangeContext,
  trx: Transaction<GiveawayDatabase>,
) => GiveawayChange | Promise<GiveawayChange>;

/**
 * Applies one change to a row-locked giveaway inside `trx`: version check, decision, state,
 * history line and its single event, all committed together (or not at all).
 */
export async function applyChange(
  trx: Transaction<GiveawayDatabase>,
  emit: EmitEvent,
  ctx: ChangeContext,
  giveawayId: string,
  decide: Decide,
  expectedVersion?: number,
): Promise<{ giveaway: Giveaway; change: GiveawayChange }> {
  const store = giveawayStore(trx);
  const current = await store.findForUpdate(ctx.caller.guildId, giveawayId);
  if (!current) throw new giveawayErrors.GIVEAWAY_ERR_NOT_FOUND(giveawayId);
  assertVersion(expectedVersion, current.version);
  const change = await decide(current, ctx, trx);
  if (!change) return { giveaway: current, change };
  const { giveaway, event } = change;
  await store.update(giveaway);
  await store.insertHistory(giveaway, historyLine(ctx.caller, current, giveaway, event.type, event));
  emitGiveawayEvent(emit, ctx.caller, giveaway, event);
  return { giveaway, change };
}

/** The audit line of a change. */
export function historyLine(
  caller: Caller,
  before: Giveaway | null,
  after: Giveaway,
  action: string,
  details: object | null = null,
): HistoryEntry {
  const { type: _t, ...changes } = (details ?? {}) as { type?: string };
  return {
    action,
    actorKind: caller.kind,
    actorId: caller.userId,
    fromStatus: before?.status ?? null,
    toStatus: after.status,
    version: after.version,
    changes: Object.keys(changes).length > 0 ? changes : null,
    at: after.updatedAt,
  };
}
