/** One entrant as the draw sees it. */
export interface DrawEntry {
  /** Discord user id: a decimal integer without leading zeros. */
  readonly userId: string;
  /** 1 + bonus entries. */
  readonly weight: number;
}
/** The inputs of a draw, all published once the giveaway ended. */
export interface DrawInput {
  readonly giveawayId: string;
  /** Hex, 32 bytes. */
  readonly seed: string;
  /** Hex randomness of the beacon round, when one was named. */
  readonly beaconRandomness?: string | null | undefined;
  readonly entries: readonly DrawEntry[];
}
/** Numeric order of decimal ids without leading zeros: shorter first, then character by character. */
export declare function compareUserIds(a: string, b: string): number;
/** The entries in draw order (user id ascending, numerically); no copy when already in order. */
export declare function sortEntries(entries: readonly DrawEntry[]): readonly DrawEntry[];
/** Hex SHA-256 of a seed: the commitment published at creation. */
export declare function seedCommitment(seedHex: string): string;
/**
 * Hex SHA-256 of the entry list: the domain line, the giveaway id and a newline, then one line
 * `<userId> <weight>\n` per entry in draw order.
 */
export declare function entriesDigest(giveawayId: string, sorted: readonly DrawEntry[]): string;
/** The outcome of ranking a draw's entries. */
export interface Ranking {
  /** The entries in draw order. */
  readonly sorted: readonly DrawEntry[];
  /** Hex SHA-256 of the entry list (published at the end). */
  readonly digest: string;
  /** User ids of the best `count` entrants, the first winner first. */
  readonly top: readonly string[];
}
/**
 * The first `count` places of a draw's ranking. Efraimidis–Spirakis weighted sampling without
 * replacement: entrant i (in draw order) gets the key ln(u_i) / w_i and the largest keys win; u_i
 * comes from AES-256-CTR keyed by K = HMAC-SHA-256(seed ‖ beacon, "guildwire-giveaway-draw-v1" ‖
 * digest), so every u_i depends on the secret seed, the beacon and the whole entry list. Rerolls
 * take the places after the earlier rounds' (ask for more, skip those already drawn).
 */
export declare function rankEntries(input: DrawInput, count: number): Ranking;
