import { type DrawEntry, rankEntries, seedCommitment, sortEntries } from './draw.js';

/** An ended giveaway's published draw (the public endpoint's answer). */
export interface PublishedDraw {
  readonly giveawayId: string;
  readonly seedCommitment: string;
  readonly seed: string;
  readonly beaconRandomness: string | null;
  readonly entriesDigest: string;
  readonly winnerCount: number;
  readonly entries: readonly DrawEntry[];
  readonly rounds: readonly { readonly round: number; readonly userIds: readonly string[] }[];
}

/** What a verification found: `ok` when every check passed, else each failed check. */
export interface Verification {
  readonly ok: boolean;
  readonly problems: readonly string[];
  /** The winners recomputed from the inputs, every round in order. */
  readonly expectedRounds: readonly (readonly string[])[];
}

const hex32 = /^[0-9a-f]{64}$/;

/**
 * Recomputes a published draw: the seed matches the commitment made at creation, the entry list
 * matches the digest published at the end, and the winners of every round are the ranking's next
 * places (docs/giveaway.md). Whether the entry list is complete and honest is outside what a draw
 * can prove.
 */
export function verifyDraw(draw: PublishedDraw): Verification {
  const problems: string[] = [];
  if (!hex32.test(draw.seed)) problems.push('the seed is not 32 bytes of hex');
  else if (seedCommitment(draw.seed) !== draw.seedCommitment)
    problems.push('the seed does not match the commitment published at creation');
  if (draw.beaconRandomness !== null && !hex32.test(draw.beaconRandomness))
    problems.push('the beacon randomness is not 32 bytes of hex');
  const ids = new Set<string>();
  for (const e of draw.entries) {
    if (!/^[1-9][0-9]{0,19}$/.test(e.userId)) problems.push(`entry ${e.userId}: not a user id`);
    if (!Number.isInteger(e.weight) || e.weight < 1)
      problems.push(`entry ${e.userId}: weight must be a positive integer`);
    if (ids.has(e.userId)) problems.push(`entry ${e.userId}: appears twice`);
    ids.add(e.userId);
  }
  if (problems.length > 0) return { ok: false, problems, expectedRounds: [] };
  const asked = draw.rounds.reduce((n, r) => n + r.userIds.length, 0);
  const ranking = rankEntries(
    {
      giveawayId: draw.giveawayId,
      seed: draw.seed,
      beaconRandomness: draw.beaconRandomness,
      entries: sortEntries(draw.entries),
    },
    Math.max(asked, draw.winnerCount),
  );
  if (ranking.digest !== draw.entriesDigest)
    problems.push('the entry list does not match the digest published at the end');
  const expectedRounds: string[][] = [];
  let from = 0;
  for (const round of draw.rounds) {
    const expected = ranking.top.slice(from, from + round.userIds.length);
    expectedRounds.push(expected);
    from += round.userIds.length;
    if (expected.join(',') !== round.userIds.join(','))
      problems.push(
        `round ${round.round}: winners ${round.userIds.join(', ')} but the draw gives ${expected.join(', ')}`,
      );
  }
  const first = draw.rounds[0];
  if (first && first.userIds.length < Math.min(draw.winnerCount, draw.entries.length))
    problems.push(
      `round 1 drew ${first.userIds.length} winners of ${draw.winnerCount} with ${draw.entries.length} entrants`,
    );
  return { ok: problems.length === 0, problems, expectedRounds };
}
