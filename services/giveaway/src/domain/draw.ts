import { createCipheriv, createHash, createHmac } from 'node:crypto';

// The draw, as docs/giveaway.md specifies it for anyone to reimplement. Pure: no clock, no I/O.

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

const entriesDomain = 'guildwire-giveaway-entries-v1\n';
const drawDomain = 'guildwire-giveaway-draw-v1';
const two53 = 2 ** 53;

/** Numeric order of decimal ids without leading zeros: shorter first, then character by character. */
export function compareUserIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The entries in draw order (user id ascending, numerically); no copy when already in order. */
export function sortEntries(entries: readonly DrawEntry[]): readonly DrawEntry[] {
  for (let i = 1; i < entries.length; i++) {
    if (compareUserIds(entries[i - 1]!.userId, entries[i]!.userId) >= 0) {
      return [...entries].sort((a, b) => compareUserIds(a.userId, b.userId));
    }
  }
  return entries;
}

/** Hex SHA-256 of a seed: the commitment published at creation. */
export function seedCommitment(seedHex: string): string {
  return createHash('sha256').update(Buffer.from(seedHex, 'hex')).digest('hex');
}

/**
 * Hex SHA-256 of the entry list: the domain line, the giveaway id and a newline, then one line
 * `<userId> <weight>\n` per entry in draw order.
 */
export function entriesDigest(giveawayId: string, sorted: readonly DrawEntry[]): string {
  const hash = createHash('sha256').update(`${entriesDomain}${giveawayId}\n`);
  let chunk = '';
  for (const e of sorted) {
    chunk += `${e.userId} ${e.weight}\n`;
    if (chunk.length > 65_536) {
      hash.update(chunk);
      chunk = '';
    }
  }
  return hash.update(chunk).digest('hex');
}

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
export function rankEntries(input: DrawInput, count: number): Ranking {
  const sorted = sortEntries(input.entries);
  const digest = entriesDigest(input.giveawayId, sorted);
  const keyMaterial = Buffer.concat([
    Buffer.from(input.seed, 'hex'),
    input.beaconRandomness ? Buffer.from(input.beaconRandomness, 'hex') : Buffer.alloc(0),
  ]);
  const key = createHmac('sha256', keyMaterial)
    .update(drawDomain)
    .update(Buffer.from(digest, 'hex'))
    .digest();
  const n = sorted.length;
  const stream = createCipheriv('aes-256-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(8 * n));
  const m = Math.min(count, n);
  // The best m so far, best first; a candidate must beat the worst of them to get in.
  const bestIndex: number[] = [];
  const bestKey: number[] = [];
  for (let i = 0; i < n; i++) {
    // The top 53 bits of the i-th 8-byte block, as a double in (0, 1).
    const x = stream.readUInt32BE(8 * i) * 2 ** 21 + (stream.readUInt32BE(8 * i + 4) >>> 11);
    const k = Math.log((x + 0.5) / two53) / sorted[i]!.weight;
    // Strictly greater: on a tie the earlier entrant (smaller user id) keeps its place.
    if (bestKey.length === m && !(k > bestKey[m - 1]!)) continue;
    let at = bestKey.length === m ? m - 1 : bestKey.length;
    while (at > 0 && k > bestKey[at - 1]!) at--;
    bestKey.splice(at, 0, k);
    bestIndex.splice(at, 0, i);
    if (bestKey.length > m) {
      bestKey.pop();
      bestIndex.pop();
    }
  }
  return { sorted, digest, top: bestIndex.map((i) => sorted[i]!.userId) };
}
