import type { FeedEvent } from '../core/feed-event.js';
import { createGuildHistory, type GuildHistory } from './guild-history.js';

/** Bounds of the in-process history. */
export interface HistoryBounds {
  readonly eventsPerGuild: number;
  readonly eventsTotal: number;
  readonly maxAgeMs: number;
}

/**
 * The gateway's recent events per guild. Invariant: for every guild, memory holds every event with
 * seq in (floor(guild), head], where head is the newest appended seq. Resumes after a seq at or
 * above the floor are served from here; older ones need the stream.
 */
export interface EventHistory {
  readonly bounds: HistoryBounds;
  /** Newest seq the feed has appended (or skipped), 0 before any. */
  readonly head: number;
  readonly size: number;
  /** Forgets everything; memory will be complete for seqs above `floor` (a fresh feed start). */
  reset(floor: number): void;
  append(event: FeedEvent): void;
  /** Advances the head past a stream message that is not a guild event (undecodable). */
  skip(seq: number): void;
  /** Every event of `guildId` newer than `seq` is in memory. */
  completeAfter(guildId: string, seq: number): boolean;
  guild(guildId: string): GuildHistory | undefined;
  /** Drops events older than the age bound; returns how many. */
  evictExpired(now?: number): number;
}

/** Creates an empty history bounded by count per guild, total count and age. */
export function createEventHistory(bounds: HistoryBounds): EventHistory {
  let guilds = new Map<string, GuildHistory>();
  // Every held event's guild, in seq order: the global eviction order (oldest first).
  let order: GuildHistory[] = [];
  let orderStart = 0;
  // Entries of `order` whose event the per-guild bound already evicted, per guild. A guild's
  // entries in `order` are its events oldest first, so the first ones met are exactly the stale ones.
  let stale = new Map<GuildHistory, number>();
  let size = 0;
  let floor = 0;
  let head = 0;

  const popOrder = (): GuildHistory | undefined => {
    const g = order[orderStart];
    if (g === undefined) return undefined;
    order[orderStart++] = undefined as unknown as GuildHistory;
    if (orderStart > 1024 && orderStart * 2 > order.length) {
      order = order.slice(orderStart);
      orderStart = 0;
    }
    return g;
  };

  /** The guild whose event is globally oldest, with stale entries skipped. */
  const peekOldest = (): GuildHistory | undefined => {
    for (;;) {
      const g = order[orderStart];
      if (g === undefined) return undefined;
      const skips = stale.get(g) ?? 0;
      if (skips === 0) return g;
      if (skips === 1) stale.delete(g);
      else stale.set(g, skips - 1);
      popOrder();
    }
  };

  const evictGlobalOldest = (): FeedEvent | undefined => {
    const g = peekOldest();
    if (g === undefined) return undefined;
    popOrder();
    size--;
    // An emptied guild stays in `guilds`: its eviction mark sends older resumes to the stream.
    return g.evictOldest();
  };

  return {
    bounds,
    get head() {
      return head;
    },
    get size() {
      return size;
    },
    reset(newFloor) {
      guilds = new Map();
      stale = new Map();
      order = [];
      orderStart = 0;
      size = 0;
      floor = newFloor;
      head = newFloor;
    },
    append(event) {
      let g = guilds.get(event.guildId);
      if (g === undefined) {
        g = createGuildHistory(event.guildId);
        guilds.set(event.guildId, g);
      }
      g.append(event);
      order.push(g);
      size++;
      head = Math.max(head, event.seq);
      if (g.size > bounds.eventsPerGuild) {
        g.evictOldest();
        size--;
        stale.set(g, (stale.get(g) ?? 0) + 1);
      }
      while (size > bounds.eventsTotal) evictGlobalOldest();
    },
    skip(seq) {
      head = Math.max(head, seq);
    },
    completeAfter(guildId, seq) {
      if (seq >= head) return true;
      const evicted = guilds.get(guildId)?.lastEvicted ?? 0;
      return seq >= Math.max(floor, evicted);
    },
    guild: (guildId) => guilds.get(guildId),
    evictExpired(now = Date.now()) {
      const limit = now - bounds.maxAgeMs;
      let n = 0;
      for (;;) {
        const oldest = peekOldest()?.oldest();
        if (oldest === undefined || oldest.ts >= limit) break;
        evictGlobalOldest();
        n++;
      }
      return n;
    },
  };
}
