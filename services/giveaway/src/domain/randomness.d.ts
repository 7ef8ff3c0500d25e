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
  roundAt(time: Date): {
    readonly round: number;
    readonly at: Date;
  };
  /** The value of a published round; GIVEAWAY_ERR_BEACON_UNAVAILABLE before its time. */
  fetch(round: number): Promise<BeaconRound>;
}
/**
 * A local beacon for tests and the demo (this machine cannot reach drand): round r is published at
 * genesis + r·period and its value is HMAC-SHA-256(secret, "round:" + r). Unlike drand it proves
 * nothing to outsiders (whoever holds the secret knows every round); it exercises the same path.
 */
export declare function localBeacon(options: {
  readonly secret: string;
  readonly periodMs?: number;
  readonly genesis?: Date;
  readonly clock?: () => Date;
}): RandomnessSource;
/** A beacon replaying recorded rounds (e.g. saved from drand), for tests and offline verification. */
export declare function recordedBeacon(
  name: string,
  rounds: readonly (BeaconRound & {
    readonly at: Date;
  })[],
): RandomnessSource;
