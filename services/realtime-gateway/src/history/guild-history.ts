import type { FeedEvent } from '../core/feed-event.js';

/** One guild's recent events in seq order, and the seq of the newest one evicted. */
export interface GuildHistory {
  readonly guildId: string;
  /** seq of the newest event of this guild dropped from memory (0 when none was). */
  readonly lastEvicted: number;
  readonly size: number;
  append(event: FeedEvent): void;
  /** Drops the oldest event and returns it. */
  evictOldest(): FeedEvent | undefined;
  oldest(): FeedEvent | undefined;
  /** Index (for `at`) of the first event with seq > `seq`; `size` when there is none. */
  indexAfter(seq: number): number;
  at(index: number): FeedEvent | undefined;
}

/** A queue with O(1) append and evict and binary search by seq (events arrive in seq order). */
export function createGuildHistory(guildId: string): GuildHistory {
  let events: FeedEvent[] = [];
  let start = 0;
  let lastEvicted = 0;
  return {
    guildId,
    get lastEvicted() {
      return lastEvicted;
    },
    get size() {
      return events.length - start;
    },
    append(event) {
      events.push(event);
    },
    evictOldest() {
      const event = events[start];
      if (event === undefined) return undefined;
      events[start] = undefined as unknown as FeedEvent;
      start++;
      lastEvicted = event.seq;
      // Compact once the dead prefix dominates, so memory follows the live size.
      if (start > 64 && start * 2 > events.length) {
        events = events.slice(start);
        start = 0;
      }
      return event;
    },
    oldest: () => events[start],
    indexAfter(seq) {
      let lo = start;
      let hi = events.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (events[mid]!.seq <= seq) lo = mid + 1;
        else hi = mid;
      }
      return lo - start;
    },
    at: (index) => events[start + index],
  };
}
