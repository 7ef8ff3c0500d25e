import type { Transaction } from 'kysely';
import type { ChangeContext, GiveawayChange } from '../domain/change.js';
import { rankEntries } from '../domain/draw.js';
import type { Giveaway } from '../domain/giveaway.js';
import { drawnSoFar, endGiveaway, requireStatus, rerollGiveaway } from '../domain/transitions.js';
import { giveawayErrors } from '../errors.js';
import type { GiveawayDatabase } from '../store/database.js';
import { entryStore } from '../store/entry-store.js';

/**
 * The end's decision: fixes the entry list (read under the giveaway's row lock, so every
 * acknowledged entry is in it and no later one is), takes the beacon round's value when the
 * giveaway named one, ranks and records the winners. Fewer entrants than winners: all win.
 */
export async function decideEnd(
  g: Giveaway,
  ctx: ChangeContext,
  trx: Transaction<GiveawayDatabase>,
): Promise<GiveawayChange> {
  requireStatus(g, ['running', 'paused'], 'end');
  const beaconRandomness = await beaconValue(g, ctx);
  const entries = entryStore(trx);
  const all = await entries.forDraw(g.id);
  const ranking = rankEntries(
    { giveawayId: g.id, seed: g.draw.seed, beaconRandomness, entries: all },
    g.winnerCount,
  );
  await entries.insertWinners(g.id, 1, 1, ranking.top, ctx.now);
  return endGiveaway(g, ctx, {
    winners: ranking.top,
    entrantCount: all.length,
    entriesDigest: ranking.digest,
    beaconRandomness,
  });
}

/**
 * A reroll's decision: the next `count` places of the same ranking (the entry list is frozen since
 * the end), so nobody who won a round of this giveaway wins again. None left: 409, nothing changes.
 */
export async function decideReroll(
  g: Giveaway,
  ctx: ChangeContext,
  trx: Transaction<GiveawayDatabase>,
  count: number,
): Promise<GiveawayChange> {
  requireStatus(g, ['ended'], 'reroll');
  const entries = entryStore(trx);
  const all = await entries.forDraw(g.id);
  const drawn = drawnSoFar(g);
  const ranking = rankEntries(
    { giveawayId: g.id, seed: g.draw.seed, beaconRandomness: g.draw.beaconRandomness, entries: all },
    drawn + count,
  );
  const winners = ranking.top.slice(drawn);
  if (winners.length === 0)
    throw new giveawayErrors.GIVEAWAY_ERR_NO_ENTRANTS_LEFT(all.length, drawn).withDetails({
      entrantCount: all.length,
      drawn,
    });
  await entries.insertWinners(g.id, g.rounds.length + 1, drawn + 1, winners, ctx.now);
  return rerollGiveaway(g, ctx, count, winners);
}

async function beaconValue(g: Giveaway, ctx: ChangeContext): Promise<string | null> {
  if (g.draw.beaconRound === null) return null;
  if (!ctx.beacon || ctx.beacon.name !== g.draw.beacon)
    throw new giveawayErrors.GIVEAWAY_ERR_BEACON_UNAVAILABLE(g.draw.beaconRound);
  return (await ctx.beacon.fetch(g.draw.beaconRound)).randomness;
}
