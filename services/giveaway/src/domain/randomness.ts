import { createHmac } from 'node:crypto';
import { giveawayErrors } from '../errors.js';

/** One published round of a randomness beacon. */
export interface BeaconRound {
  readonly round: number;
  /** Hex, 32 bytes. */
  readonly randomness: string;
}

/**
 * A public randomness beacon (drand-style): numbered rounds at a fixed period, each value
 * unpredictable before its time. The draw names the first round at or after the giveaway's end, so
 * nobody — the operator included — knows it while entries are open.
 */
export interface RandomnessSource {
  /** Names the beacon in the draw (a drand chain hash, or "local"). */
  readonly name: string;
  /** The first round published at or after `time`, and when it is published. */
  roundAt(time: Date): { readonly round: number; readonly at: Date };
  /** The value of a published round; GIVEAWAY_ERR_BEACON_UNAVAILABLE before its time. */
  fetch(round: number): Promise<BeaconRound>;
}

/**
 * A local beacon for tests and the demo (this machine cannot reach drand): round r is published at
 * genesis + r·period and its value is HMAC-SHA-256(secret, "round:" + r). Unlike drand it proves
 * nothing to outsiders (whoever holds the secret knows every round); it exercises the same path.
 */
export function localBeacon(options: {
  readonly secret: string;
  readonly periodMs?: number;
  readonly genesis?: Date;
  readonly clock?: () => Date;
}): RandomnessSource {
  const period = options.periodMs ?? 1000;
  const genesis = (options.genesis ?? new Date(0)).getTime();
  const clock = options.clock ?? (() => new Date());
  const timeOf = (round: number) => genesis + round * period;
  return {
    name: 'local',
    roundAt(time) {
      const round = Math.max(1, Math.ceil((time.getTime() - genesis) / period));
      return { round, at: new Date(timeOf(round)) };
    },
    async fetch(round) {
      if (timeOf(round) > clock().getTime()) throw new giveawayErrors.GIVEAWAY_ERR_BEACON_UNAVAILABLE(round);
      const randomness = createHmac('sha256', options.secret).update(`round:${round}`).digest('hex');
      return { round, randomness };
    },
  };
}

/** A beacon replaying recorded rounds (e.g. saved from drand), for tests and offline verification. */
export function recordedBeacon(
  name: string,
  rounds: readonly (BeaconRound & { readonly at: Date })[],
): RandomnessSource {
  const sorted = [...rounds].sort((a, b) => a.round - b.round);
  return {
    name,
    roundAt(time) {
      const found = sorted.find((r) => r.at.getTime() >= time.getTime()) ?? sorted.at(-1);
      if (!found) throw new giveawayErrors.GIVEAWAY_ERR_BEACON_UNAVAILABLE('none recorded');
      return { round: found.round, at: found.at };
    },
    async fetch(round) {
      const found = sorted.find((r) => r.round === round);
      if (!found) throw new giveawayErrors.GIVEAWAY_ERR_BEACON_UNAVAILABLE(round);
      return { round, randomness: found.randomness };
    },
  };
}
