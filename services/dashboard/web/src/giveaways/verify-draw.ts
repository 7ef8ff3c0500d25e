import type { PublishedDraw } from '../api/types.js';

// The giveaway draw of docs/giveaway.md, recomputed in the browser with Web Crypto: the same rule as
// the giveaway service's verifier (services/giveaway/src/domain/{draw,verify-draw}.ts), written again
// from the spec so a member checks a draw with code that is not the operator's.

const entriesDomain = 'guildwire-giveaway-entries-v1\n';
const drawDomain = 'guildwire-giveaway-draw-v1';
const two53 = 2 ** 53;
const hex32 = /^[0-9a-f]{64}$/;
const text = new TextEncoder();

/** What the check found: `ok` when every check passed; the recomputed winners of each round. */
export interface DrawCheck {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly expectedRounds: readonly (readonly string[])[];
}

type Entry = PublishedDraw['entries'][number];

const bytesOfHex = (hex: string): Uint8Array<ArrayBuffer> =>
  Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
const hexOf = (bytes: ArrayBuffer) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

function compareUserIds(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}

async function sha256(data: Uint8Array<ArrayBuffer> | string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', typeof data === 'string' ? text.encode(data) : data);
}

/** The first `count` places of the ranking (Efraimidis–Spirakis keys from AES-256-CTR under HMAC). */
async function rank(
  draw: PublishedDraw,
  sorted: readonly Entry[],
  digestHex: string,
  count: number,
): Promise<string[]> {
  const seed = bytesOfHex(draw.seed);
  const beacon = draw.beaconRandomness ? bytesOfHex(draw.beaconRandomness) : new Uint8Array(0);
  const material = new Uint8Array(seed.length + beacon.length);
  material.set(seed);
  material.set(beacon, seed.length);
  const hmacKey = await crypto.subtle.importKey('raw', material, { name: 'HMAC', hash: 'SHA-256' }, false, [
    'sign',
  ]);
  const message = new Uint8Array([...text.encode(drawDomain), ...bytesOfHex(digestHex)]);
  const key = await crypto.subtle.sign('HMAC', hmacKey, message);
  const aes = await crypto.subtle.importKey('raw', key, { name: 'AES-CTR' }, false, ['encrypt']);
  const n = sorted.length;
  // AES-CTR over zeros is the key stream; a zero IV with a full 128-bit counter, as Node's aes-256-ctr.
  const stream = new DataView(
    await crypto.subtle.encrypt(
      { name: 'AES-CTR', counter: new Uint8Array(16), length: 128 },
      aes,
      new Uint8Array(8 * n),
    ),
  );
  const m = Math.min(count, n);
  const bestIndex: number[] = [];
  const bestKey: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = stream.getUint32(8 * i) * 2 ** 21 + (stream.getUint32(8 * i + 4) >>> 11);
    const k = Math.log((x + 0.5) / two53) / sorted[i]!.weight;
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
  return bestIndex.map((i) => sorted[i]!.userId);
}

/** Checks a published draw: seed against commitment, entries against digest, each round's winners. */
export async function checkDraw(draw: PublishedDraw): Promise<DrawCheck> {
  const problems: string[] = [];
  if (!hex32.test(draw.seed)) problems.push('the seed is not 32 bytes of hex');
  else if (hexOf(await sha256(bytesOfHex(draw.seed))) !== draw.seedCommitment)
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
  const sorted = [...draw.entries].sort((a, b) => compareUserIds(a.userId, b.userId));
  const digest = hexOf(
    await sha256(
      `${entriesDomain}${draw.giveawayId}\n${sorted.map((e) => `${e.userId} ${e.weight}\n`).join('')}`,
    ),
  );
  if (digest !== draw.entriesDigest)
    problems.push('the entry list does not match the digest published at the end');
  const asked = draw.rounds.reduce((total, r) => total + r.userIds.length, 0);
  const top = await rank(draw, sorted, digest, Math.max(asked, draw.winnerCount));
  const expectedRounds: string[][] = [];
  let from = 0;
  for (const round of draw.rounds) {
    const expected = top.slice(from, from + round.userIds.length);
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
