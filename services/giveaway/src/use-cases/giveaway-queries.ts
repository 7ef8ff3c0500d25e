import type { DrawEntry } from '../domain/draw.js';
import type { Caller, Entry, Giveaway, HistoryEntry } from '../domain/giveaway.js';
import { giveawayErrors } from '../errors.js';
import { entryStore } from '../store/entry-store.js';
import { giveawayStore } from '../store/giveaway-store.js';
import {
  type GiveawayPage,
  type GiveawayQuery,
  giveawayStats,
  listGiveaways,
} from '../store/list-giveaways.js';
import type { GiveawayDeps } from './deps.js';

/** A giveaway with its exact entrant count and the caller's own entry. */
export interface GiveawayDetails {
  readonly giveaway: Giveaway;
  readonly ownEntry: Entry | undefined;
  readonly history: HistoryEntry[];
}

/** Everything a verifier needs to recompute an ended giveaway's winners (docs/giveaway.md). */
export interface PublicDraw {
  readonly giveawayId: string;
  readonly guildId: string;
  readonly seedCommitment: string;
  readonly seed: string;
  readonly beacon: string | null;
  readonly beaconRound: number | null;
  readonly beaconRandomness: string | null;
  readonly entriesDigest: string;
  readonly winnerCount: number;
  readonly entries: readonly DrawEntry[];
  readonly rounds: readonly { round: number; userIds: readonly string[] }[];
}

function forbidUnlessManager(caller: Caller, action: string): void {
  if (!caller.manager) throw new giveawayErrors.GIVEAWAY_ERR_FORBIDDEN(`only managers may ${action}`);
}

/** Reads: one giveaway, lists, entrants (managers), stats, the public draw of an ended giveaway. */
export function createGiveawayQueries(deps: GiveawayDeps) {
  const { db } = deps;

  async function found(guildId: string, id: string): Promise<Giveaway> {
    const g = await giveawayStore(db).find(guildId, id);
    if (!g) throw new giveawayErrors.GIVEAWAY_ERR_NOT_FOUND(id);
    return g;
  }

  return {
    async get(caller: Caller, id: string): Promise<GiveawayDetails> {
      const g = await found(caller.guildId, id);
      const entries = entryStore(db);
      // Exact while entries are open; frozen (and exact) once ended.
      const entrantCount = g.status === 'ended' ? g.entrantCount : await entries.count(id);
      return {
        giveaway: { ...g, entrantCount },
        ownEntry: await entries.find(id, caller.userId),
        history: caller.manager ? await giveawayStore(db).history(id) : [],
      };
    },

    list: (caller: Caller, query: GiveawayQuery): Promise<GiveawayPage> =>
      listGiveaways(db, caller.guildId, query),

    async entrants(caller: Caller, id: string, limit: number, cursor?: string) {
      forbidUnlessManager(caller, 'list entrants');
      await found(caller.guildId, id);
      const items = await entryStore(db).page(id, limit + 1, cursor);
      const page = items.slice(0, limit);
      return { items: page, ...(items.length > limit ? { nextCursor: page.at(-1)!.userId } : {}) };
    },

    stats: (caller: Caller) => giveawayStats(db, caller.guildId),

    /** The draw of an ended giveaway, public (anyone may verify); 409 before the end. */
    async publicDraw(guildId: string, id: string): Promise<PublicDraw> {
      const g = await found(guildId, id);
      if (g.status !== 'ended' || g.draw.entriesDigest === null)
        throw new giveawayErrors.GIVEAWAY_ERR_WRONG_STATUS(
          g.status,
          'publish the draw before the end',
        ).withDetails({
          status: g.status,
        });
      return {
        giveawayId: g.id,
        guildId: g.guildId,
        seedCommitment: g.draw.seedCommitment,
        seed: g.draw.seed,
        beacon: g.draw.beacon,
        beaconRound: g.draw.beaconRound,
        beaconRandomness: g.draw.beaconRandomness,
        entriesDigest: g.draw.entriesDigest,
        winnerCount: g.winnerCount,
        entries: await entryStore(db).forDraw(id),
        rounds: g.rounds.map((r) => ({ round: r.round, userIds: r.userIds })),
      };
    },
  };
}

/** The giveaway queries' interface. */
export type GiveawayQueries = ReturnType<typeof createGiveawayQueries>;
