import type { Caller, Giveaway, WinnerRound } from './giveaway.js';
import type { RandomnessSource } from './randomness.js';
import type { GiveawaySettings } from './settings.js';

/** What a transition needs besides the giveaway: who acts, when, under which settings. */
export interface ChangeContext {
  readonly caller: Caller;
  readonly now: Date;
  readonly settings: GiveawaySettings;
  /** The beacon giveaways that use one draw from. */
  readonly beacon: RandomnessSource | undefined;
}

/** The event a change publishes (one per change). */
export type GiveawayChangeEvent =
  | { readonly type: 'created' }
  | { readonly type: 'started' }
  | { readonly type: 'updated'; readonly changedFields: readonly string[] }
  | { readonly type: 'paused' }
  | { readonly type: 'resumed' }
  | { readonly type: 'ended'; readonly round: WinnerRound }
  | { readonly type: 'rerolled'; readonly round: WinnerRound }
  | { readonly type: 'cancelled' };

/** A transition's outcome: the next state and its event; `null` when nothing changes. */
export type GiveawayChange = { readonly giveaway: Giveaway; readonly event: GiveawayChangeEvent } | null;

/** The next version of a giveaway: the patch applied, version bumped, update time stamped. */
export function advance(giveaway: Giveaway, ctx: ChangeContext, patch: Partial<Giveaway>): Giveaway {
  return { ...giveaway, ...patch, version: giveaway.version + 1, updatedAt: ctx.now };
}
