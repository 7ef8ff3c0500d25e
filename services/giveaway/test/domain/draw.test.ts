import { createHash } from 'node:crypto';
import t from 'tap';
import {
  type DrawEntry,
  entriesDigest,
  rankEntries,
  seedCommitment,
  sortEntries,
} from '../../src/domain/draw.js';
import { verifyDraw } from '../../src/domain/verify-draw.js';

const seedOf = (label: string) => createHash('sha256').update(label).digest('hex');
const entries = (n: number, weight = (_i: number) => 1): DrawEntry[] =>
  Array.from({ length: n }, (_, i) => ({ userId: String(100_000 + i * 7), weight: weight(i) }));

t.test('draw – the same inputs give the same winners; any input change gives another ranking', async (t) => {
  const input = { giveawayId: 'g-1', seed: seedOf('a'), entries: entries(500) };
  const a = rankEntries(input, 10);
  t.same(rankEntries(input, 10).top, a.top, 'deterministic');
  t.equal(new Set(a.top).size, 10, 'no one twice');
  t.not(rankEntries({ ...input, seed: seedOf('b') }, 10).top.join(), a.top.join(), 'seed');
  t.not(rankEntries({ ...input, beaconRandomness: seedOf('beacon') }, 10).top.join(), a.top.join(), 'beacon');
  t.not(rankEntries({ ...input, giveawayId: 'g-2' }, 10).top.join(), a.top.join(), 'giveaway id');
  t.same(rankEntries(input, 15).top.slice(0, 10), a.top, 'a longer ranking continues the same one (rerolls)');
  t.same(rankEntries(input, 1000).top.length, 500, 'fewer entrants than asked: everyone, once');
});

t.test('draw – entries are ordered numerically by user id, whatever order they come in', async (t) => {
  const shuffled: DrawEntry[] = [
    { userId: '1000', weight: 1 },
    { userId: '999', weight: 2 },
    { userId: '10000', weight: 1 },
  ];
  t.same(
    sortEntries(shuffled).map((e) => e.userId),
    ['999', '1000', '10000'],
  );
  const seed = seedOf('order');
  t.same(
    rankEntries({ giveawayId: 'g', seed, entries: shuffled }, 3),
    rankEntries({ giveawayId: 'g', seed, entries: sortEntries(shuffled) }, 3),
  );
  t.equal(
    entriesDigest('g', sortEntries(shuffled)),
    createHash('sha256').update('guildwire-giveaway-entries-v1\ng\n999 2\n1000 1\n10000 1\n').digest('hex'),
    'the digest is the documented byte string',
  );
});

t.test('draw – bonus weights shift the odds as specified (fixed seeds: cannot flake)', async (t) => {
  // Entrant A weighs 3, four others weigh 1: A wins the first place with probability 3/7.
  const pool: DrawEntry[] = [
    { userId: '11', weight: 3 },
    { userId: '12', weight: 1 },
    { userId: '13', weight: 1 },
    { userId: '14', weight: 1 },
    { userId: '15', weight: 1 },
  ];
  const trials = 4000;
  let aFirst = 0;
  let aInTwo = 0;
  for (let i = 0; i < trials; i++) {
    const top = rankEntries({ giveawayId: 'stat', seed: seedOf(`trial-${i}`), entries: pool }, 2).top;
    if (top[0] === '11') aFirst++;
    if (top.includes('11')) aInTwo++;
  }
  // P(first) = 3/7 ≈ 0.4286 (σ ≈ 31 over 4000); P(in the first two) = 3/7 + 4/7·3/6 = 5/7 ≈ 0.714.
  const p1 = aFirst / trials;
  const p2 = aInTwo / trials;
  t.ok(Math.abs(p1 - 3 / 7) < 0.03, `A first ${p1.toFixed(3)} ≈ 0.429`);
  t.ok(Math.abs(p2 - 5 / 7) < 0.03, `A in the first two ${p2.toFixed(3)} ≈ 0.714`);
  // Without the bonus A is like the others: 1/5.
  let plain = 0;
  const flat = pool.map((e) => ({ ...e, weight: 1 }));
  for (let i = 0; i < trials; i++)
    if (rankEntries({ giveawayId: 'stat', seed: seedOf(`trial-${i}`), entries: flat }, 1).top[0] === '11')
      plain++;
  t.ok(Math.abs(plain / trials - 0.2) < 0.03, `unweighted A first ${(plain / trials).toFixed(3)} ≈ 0.2`);
});

t.test('verify – a draw verifies; a tampered entry list, seed or winner does not', async (t) => {
  const seed = seedOf('verify');
  const list = entries(200, (i) => 1 + (i % 3));
  const ranking = rankEntries({ giveawayId: 'g-v', seed, entries: list }, 5);
  const published = {
    giveawayId: 'g-v',
    seedCommitment: seedCommitment(seed),
    seed,
    beaconRandomness: null,
    entriesDigest: ranking.digest,
    winnerCount: 3,
    entries: list,
    rounds: [
      { round: 1, userIds: ranking.top.slice(0, 3) },
      { round: 2, userIds: ranking.top.slice(3, 5) },
    ],
  };
  t.same(verifyDraw(published).problems, []);
  t.ok(verifyDraw(published).ok);
  const tamperedEntries = verifyDraw({
    ...published,
    entries: [...list.slice(1), { userId: '999999', weight: 1 }],
  });
  t.notOk(tamperedEntries.ok);
  t.match(tamperedEntries.problems.join('\n'), /digest/);
  const heavier = verifyDraw({
    ...published,
    entries: list.map((e, i) => (i === 0 ? { ...e, weight: 9 } : e)),
  });
  t.notOk(heavier.ok, 'a changed weight is a changed list');
  const otherSeed = verifyDraw({ ...published, seed: seedOf('other') });
  t.notOk(otherSeed.ok);
  t.match(otherSeed.problems.join('\n'), /commitment/);
  // A seed that matches a forged commitment still fails: the winners follow from the real seed.
  const forged = seedOf('forged');
  const forgedDraw = verifyDraw({ ...published, seed: forged, seedCommitment: seedCommitment(forged) });
  t.notOk(forgedDraw.ok);
  t.match(forgedDraw.problems.join('\n'), /round 1/);
  const swapped = verifyDraw({
    ...published,
    rounds: [{ round: 1, userIds: [ranking.top[1]!, ranking.top[0]!, ranking.top[2]!] }],
  });
  t.notOk(swapped.ok, 'winners in another order');
});

t.test(
  'draw – a large entry list (200k) ranks once, everyone at most once (speed is in the bench)',
  async (t) => {
    const many = entries(200_000);
    const r = rankEntries({ giveawayId: 'big', seed: seedOf('big'), entries: many }, 20);
    t.equal(r.top.length, 20);
    t.equal(new Set(r.top).size, 20);
  },
);
