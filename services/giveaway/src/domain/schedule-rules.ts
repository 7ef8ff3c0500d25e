import { type FieldError, validationError } from '@guildwire/errors';
import type { ChangeContext } from './change.js';
import type { DrawState } from './giveaway.js';
import { maxGiveawayDurationMs } from './settings.js';

/** Field errors of a winner count against the guild's limit. */
export function winnerCountErrors(winnerCount: number, maxWinners: number): FieldError[] {
  return Number.isInteger(winnerCount) && winnerCount >= 1 && winnerCount <= maxWinners
    ? []
    : [{ field: '/winnerCount', message: `must be between 1 and ${maxWinners}` }];
}

/** Field errors of an end time: after now and after the start, at most the maximum duration after the start. */
export function endTimeErrors(startsAt: Date, endsAt: Date, now: Date): FieldError[] {
  if (endsAt.getTime() <= Math.max(now.getTime(), startsAt.getTime()))
    return [{ field: '/endsAt', message: 'must be in the future and after the start' }];
  if (endsAt.getTime() - startsAt.getTime() > maxGiveawayDurationMs)
    return [
      {
        field: '/endsAt',
        message: `must be at most ${maxGiveawayDurationMs / 86_400_000} days after the start`,
      },
    ];
  return [];
}

/** Throws GW_ERR_VALIDATION with every collected field error, if any. */
export function throwFieldErrors(errors: readonly FieldError[]): void {
  if (errors.length > 0) throw validationError(errors);
}

/**
 * The beacon round of a draw ending at `endsAt`: the first round at or after it. An end that moves
 * later moves the round; one that moves earlier keeps the named round (no round known earlier can
 * be picked after the fact).
 */
export function beaconFor(draw: DrawState, endsAt: Date, ctx: ChangeContext): Partial<DrawState> {
  if (draw.beacon === null || !ctx.beacon) return {};
  const { round, at } = ctx.beacon.roundAt(endsAt);
  if (draw.beaconRound !== null && round <= draw.beaconRound) return {};
  return { beaconRound: round, beaconAt: at };
}
