import { giveawayErrors } from '../errors.js';
import { advance, type ChangeContext, type GiveawayChange } from './change.js';
import type { BonusEntries, Giveaway, GiveawayStatus, Requirements, WinnerRound } from './giveaway.js';
import { beaconFor, endTimeErrors, throwFieldErrors, winnerCountErrors } from './schedule-rules.js';

/** Throws 403 unless the caller manages giveaways in the guild. */
export function requireManager(ctx: ChangeContext, action: string): void {
  if (!ctx.caller.manager) throw new giveawayErrors.GIVEAWAY_ERR_FORBIDDEN(`only managers may ${action}`);
}

/** Throws 409 (details.status) unless the giveaway is in one of `allowed`. */
export function requireStatus(giveaway: Giveaway, allowed: readonly GiveawayStatus[], action: string): void {
  if (!allowed.includes(giveaway.status))
    throw new giveawayErrors.GIVEAWAY_ERR_WRONG_STATUS(giveaway.status, action).withDetails({
      status: giveaway.status,
    });
}

const notOver: readonly GiveawayStatus[] = ['scheduled', 'running', 'paused'];

/** What an edit may change; absent fields stay. */
export interface GiveawayEdit {
  readonly prize?: string;
  readonly description?: string;
  readonly endsAt?: Date;
  readonly winnerCount?: number;
  readonly requirements?: Requirements;
  readonly bonusEntries?: readonly BonusEntries[];
}

/** Edits a giveaway that has not ended; the new end and winner count are checked like at creation. */
export function editGiveaway(g: Giveaway, ctx: ChangeContext, edit: GiveawayEdit): GiveawayChange {
  requireManager(ctx, 'edit giveaways');
  requireStatus(g, notOver, 'edit');
  const errors = [
    ...(edit.winnerCount === undefined ? [] : winnerCountErrors(edit.winnerCount, ctx.settings.maxWinners)),
    ...(edit.endsAt === undefined ? [] : endTimeErrors(g.startsAt, edit.endsAt, ctx.now)),
  ];
  throwFieldErrors(errors);
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const changed = (Object.keys(edit) as (keyof GiveawayEdit)[]).filter(
    (k) => edit[k] !== undefined && !same(edit[k], g[k]),
  );
  if (changed.length === 0) return null;
  const endsAt = edit.endsAt ?? g.endsAt;
  const draw = { ...g.draw, ...beaconFor(g.draw, endsAt, ctx) };
  const patch: Partial<Giveaway> = Object.fromEntries(changed.map((k) => [k, edit[k]]));
  return {
    giveaway: advance(g, ctx, { ...patch, draw }),
    event: { type: 'updated', changedFields: changed },
  };
}

/** Opens a scheduled giveaway for entries (the scheduler, at its start time). */
export function startGiveaway(g: Giveaway, ctx: ChangeContext): GiveawayChange {
  if (g.status !== 'scheduled') return null;
  return { giveaway: advance(g, ctx, { status: 'running' }), event: { type: 'started' } };
}

/** Pauses a running giveaway: no entries, and the end waits. */
export function pauseGiveaway(g: Giveaway, ctx: ChangeContext): GiveawayChange {
  requireManager(ctx, 'pause giveaways');
  requireStatus(g, ['running'], 'pause');
  return { giveaway: advance(g, ctx, { status: 'paused', pausedAt: ctx.now }), event: { type: 'paused' } };
}

/** Resumes a paused giveaway; its end moves by the time it was paused. */
export function resumeGiveaway(g: Giveaway, ctx: ChangeContext): GiveawayChange {
  requireManager(ctx, 'resume giveaways');
  requireStatus(g, ['paused'], 'resume');
  const pausedFor = ctx.now.getTime() - (g.pausedAt ?? ctx.now).getTime();
  const endsAt = new Date(g.endsAt.getTime() + Math.max(0, pausedFor));
  const draw = { ...g.draw, ...beaconFor(g.draw, endsAt, ctx) };
  return {
    giveaway: advance(g, ctx, { status: 'running', pausedAt: null, endsAt, draw }),
    event: { type: 'resumed' },
  };
}

/** Cancels a giveaway that has not ended: nobody wins. */
export function cancelGiveaway(g: Giveaway, ctx: ChangeContext): GiveawayChange {
  requireManager(ctx, 'cancel giveaways');
  requireStatus(g, notOver, 'cancel');
  return {
    giveaway: advance(g, ctx, { status: 'cancelled', cancelledAt: ctx.now, pausedAt: null }),
    event: { type: 'cancelled' },
  };
}

/** What the draw at the end fixed. */
export interface DrawOutcome {
  readonly winners: readonly string[];
  readonly entrantCount: number;
  readonly entriesDigest: string;
  readonly beaconRandomness: string | null;
}

/** Ends a running or paused giveaway with its drawn winners; the seed is revealed from now on. */
export function endGiveaway(g: Giveaway, ctx: ChangeContext, outcome: DrawOutcome): GiveawayChange {
  requireStatus(g, ['running', 'paused'], 'end');
  const round: WinnerRound = {
    round: 1,
    userIds: outcome.winners,
    drawnAt: ctx.now,
    short: outcome.winners.length < g.winnerCount,
  };
  return {
    giveaway: advance(g, ctx, {
      status: 'ended',
      endedAt: ctx.now,
      pausedAt: null,
      entrantCount: outcome.entrantCount,
      rounds: [round],
      draw: { ...g.draw, entriesDigest: outcome.entriesDigest, beaconRandomness: outcome.beaconRandomness },
    }),
    event: { type: 'ended', round },
  };
}

/** How many winners every round so far has drawn. */
export function drawnSoFar(g: Giveaway): number {
  return g.rounds.reduce((n, r) => n + r.userIds.length, 0);
}

/** Adds a reroll round of the next entrants of the ranking (never an earlier winner). */
export function rerollGiveaway(
  g: Giveaway,
  ctx: ChangeContext,
  asked: number,
  winners: readonly string[],
): GiveawayChange {
  const round: WinnerRound = {
    round: g.rounds.length + 1,
    userIds: winners,
    drawnAt: ctx.now,
    short: winners.length < asked,
  };
  return { giveaway: advance(g, ctx, { rounds: [...g.rounds, round] }), event: { type: 'rerolled', round } };
}

/** Records the message the bot posted. */
export function setGiveawayMessage(
  g: Giveaway,
  ctx: ChangeContext,
  channelId: string,
  messageId: string,
): GiveawayChange {
  requireManager(ctx, 'record giveaway messages');
  if (g.channelId === channelId && g.messageId === messageId) return null;
  return {
    giveaway: advance(g, ctx, { channelId, messageId }),
    event: { type: 'updated', changedFields: ['channelId', 'messageId'] },
  };
}
