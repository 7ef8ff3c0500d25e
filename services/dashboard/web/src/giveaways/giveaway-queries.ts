import type { GiveawayDetails } from '../api/types.js';

/** Of two copies of a giveaway page, the one with the later version (a refetch may be older). */
export function newerGiveaway(previous: unknown, next: unknown): unknown {
  const a = previous as GiveawayDetails | undefined;
  const b = next as GiveawayDetails;
  if (a === undefined || a.giveaway.version <= b.giveaway.version) return b;
  return a;
}

/** Whole days as milliseconds (the requirement fields are in ms; the form asks for days). */
export const daysToMs = (days: number) => Math.round(days * 86_400_000);
