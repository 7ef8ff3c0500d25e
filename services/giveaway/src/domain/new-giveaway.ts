import type { ChangeContext } from './change.js';
import type { BonusEntries, Giveaway, Requirements } from './giveaway.js';
import { endTimeErrors, throwFieldErrors, winnerCountErrors } from './schedule-rules.js';
import { defaultRequirementsOf } from './settings.js';
import { requireManager } from './transitions.js';

/** What a manager asks for when creating a giveaway. */
export interface NewGiveawayInput {
  readonly prize: string;
  readonly description?: string;
  readonly channelId?: string;
  readonly winnerCount: number;
  /** Absent or not in the future: start now. */
  readonly startsAt?: Date;
  readonly endsAt: Date;
  readonly requirements?: Requirements;
  readonly bonusEntries?: readonly BonusEntries[];
  /** Mix the beacon round at the end into the draw. */
  readonly useBeacon?: boolean;
}

/** The secret seed and its commitment, chosen by the use case (crypto RNG). */
export interface Commitment {
  readonly seed: string;
  readonly seedCommitment: string;
}

/** A new giveaway (version 1), checked against the guild's limits. Throws field errors. */
export function newGiveaway(
  input: NewGiveawayInput,
  ctx: ChangeContext,
  ids: { readonly id: string } & Commitment,
): Giveaway {
  requireManager(ctx, 'create giveaways');
  const startsAt = input.startsAt && input.startsAt.getTime() > ctx.now.getTime() ? input.startsAt : ctx.now;
  throwFieldErrors([
    ...winnerCountErrors(input.winnerCount, ctx.settings.maxWinners),
    ...endTimeErrors(startsAt, input.endsAt, ctx.now),
  ]);
  const beacon = input.useBeacon && ctx.beacon ? ctx.beacon : undefined;
  const round = beacon?.roundAt(input.endsAt);
  const channelId = input.channelId ?? (ctx.settings.defaultChannelId || null);
  return {
    id: ids.id,
    guildId: ctx.caller.guildId,
    prize: input.prize,
    description: input.description ?? '',
    hostId: ctx.caller.userId,
    channelId,
    messageId: null,
    winnerCount: input.winnerCount,
    status: startsAt === ctx.now ? 'running' : 'scheduled',
    startsAt,
    endsAt: input.endsAt,
    pausedAt: null,
    endedAt: null,
    cancelledAt: null,
    requirements: input.requirements ?? defaultRequirementsOf(ctx.settings),
    bonusEntries: input.bonusEntries ?? [],
    draw: {
      seed: ids.seed,
      seedCommitment: ids.seedCommitment,
      beacon: beacon?.name ?? null,
      beaconRound: round?.round ?? null,
      beaconAt: round?.at ?? null,
      beaconRandomness: null,
      entriesDigest: null,
    },
    rounds: [],
    entrantCount: 0,
    version: 1,
    createdAt: ctx.now,
    updatedAt: ctx.now,
  };
}
