import type { Caller, Entry, Giveaway, MemberFacts } from '../domain/giveaway.js';
import { assertEligible, entryWeight } from '../domain/requirements.js';
import { giveawayErrors } from '../errors.js';
import { entryStore } from '../store/entry-store.js';
import { giveawayStore } from '../store/giveaway-store.js';
import { emitEntryWithdrawn } from '../wire/giveaway-events.js';
import type { GiveawayDeps } from './deps.js';
import type { EntrantCounter } from './entrant-counter.js';
import { createEntryWriter } from './entry-writer.js';

/** What enter and leave answer. */
export interface EntryResult {
  /** The member's entry (leave: the one removed; undefined when there was none). */
  readonly entry?: Entry;
  /** Enter: the member had already entered; nothing changed. */
  readonly alreadyEntered: boolean;
}

// An edit between the eligibility read and the insert makes the insert match nothing; the enter
// then decides again on the new version, a bounded number of times.
const maxAttempts = 3;

// How long a running giveaway read for an entry is reused. Safe: the insert re-checks status, end
// and version under the row's lock, and a miss decides again on a fresh read.
const readCacheMs = 1000;

/**
 * Entering and leaving. An entry is one statement (insert + its confirmation event through the
 * outbox): acknowledged means committed, so a crash loses no acknowledged entry.
 */
export function createEntries(deps: GiveawayDeps, counter: EntrantCounter) {
  const { db, outbox, clock } = deps;
  const writer = createEntryWriter(deps);
  const cache = new Map<string, { g: Giveaway; at: number }>();

  async function read(caller: Caller, giveawayId: string, now: Date, fresh: boolean) {
    const hit = cache.get(giveawayId);
    if (!fresh && hit && hit.g.guildId === caller.guildId && now.getTime() - hit.at < readCacheMs)
      return hit.g;
    const g = await giveawayStore(db).find(caller.guildId, giveawayId);
    if (g?.status === 'running') {
      if (cache.size > 10_000) cache.clear();
      cache.set(giveawayId, { g, at: now.getTime() });
    } else cache.delete(giveawayId);
    return g;
  }

  async function openGiveaway(caller: Caller, giveawayId: string, now: Date, fresh = false) {
    const g = await read(caller, giveawayId, now, fresh);
    if (!g) throw new giveawayErrors.GIVEAWAY_ERR_NOT_FOUND(giveawayId);
    if (g.status !== 'running' || g.endsAt.getTime() <= now.getTime())
      throw new giveawayErrors.GIVEAWAY_ERR_NOT_OPEN(
        g.status === 'running' ? 'its end time has passed' : `it is ${g.status}`,
      ).withDetails({ status: g.status });
    return g;
  }

  return {
    /**
     * Enters the caller (idempotent: a second entry answers the first, `alreadyEntered`). The member
     * facts come from the bot (roles, join and account creation times); a refused entry names the
     * requirement that failed.
     */
    async enter(caller: Caller, giveawayId: string, member: MemberFacts): Promise<EntryResult> {
      for (let attempt = 1; ; attempt++) {
        const now = clock();
        const g = await openGiveaway(caller, giveawayId, now, attempt > 1);
        const existing = attempt === 1 ? undefined : await entryStore(db).find(giveawayId, caller.userId);
        if (existing) return { entry: existing, alreadyEntered: true };
        assertEligible(g.requirements, member, now);
        const entry: Entry = {
          giveawayId,
          userId: caller.userId,
          weight: entryWeight(g.bonusEntries, member.roleIds),
          enteredAt: now,
        };
        if (await writer.write(caller, entry, g.version)) {
          counter.mark(giveawayId);
          return { entry, alreadyEntered: false };
        }
        const found = await entryStore(db).find(giveawayId, caller.userId);
        if (found) return { entry: found, alreadyEntered: true };
        if (attempt >= maxAttempts)
          throw new giveawayErrors.GIVEAWAY_ERR_NOT_OPEN('it changed while entering; try again');
      }
    },

    /** Removes the caller's entry while the giveaway runs or is paused; no entry is not an error. */
    async leave(caller: Caller, giveawayId: string): Promise<EntryResult> {
      const now = clock();
      const g = await giveawayStore(db).find(caller.guildId, giveawayId);
      if (!g) throw new giveawayErrors.GIVEAWAY_ERR_NOT_FOUND(giveawayId);
      if (g.status !== 'running' && g.status !== 'paused')
        throw new giveawayErrors.GIVEAWAY_ERR_NOT_OPEN(`it is ${g.status}`).withDetails({ status: g.status });
      const rows = await outbox.commit(entryStore(db).leaveStatement(giveawayId, caller.userId), (emit) =>
        emitEntryWithdrawn(emit, caller, g.guildId, g.version, giveawayId, now),
      );
      const row = rows[0];
      if (!row) return { alreadyEntered: false };
      counter.mark(giveawayId);
      return {
        entry: { giveawayId, userId: String(row.user_id), weight: row.weight, enteredAt: row.entered_at },
        alreadyEntered: false,
      };
    },
  };
}

/** The entry use cases' interface. */
export type Entries = ReturnType<typeof createEntries>;
