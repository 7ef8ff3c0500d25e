import type { FeedEvent } from '../core/feed-event.js';
import type { Subscription } from '../core/subscription.js';
import { admits } from '../core/visibility.js';

/** Live subscriptions by guild, and delivery of each new event to them. */
export interface GuildFanout {
  readonly size: number;
  add(sub: Subscription): void;
  remove(sub: Subscription): void;
  /** Sends `event` to every live subscription of its guild that may see it; returns frames sent. */
  deliver(event: FeedEvent): number;
  /** Every subscription (any mode). */
  all(): IterableIterator<Subscription>;
}

/** Creates an empty fan-out table. */
export function createGuildFanout(): GuildFanout {
  const byGuild = new Map<string, Set<Subscription>>();
  let size = 0;
  return {
    get size() {
      return size;
    },
    add(sub) {
      let set = byGuild.get(sub.guildId);
      if (set === undefined) {
        set = new Set();
        byGuild.set(sub.guildId, set);
      }
      if (!set.has(sub)) size++;
      set.add(sub);
    },
    remove(sub) {
      const set = byGuild.get(sub.guildId);
      if (set?.delete(sub)) size--;
      if (set?.size === 0) byGuild.delete(sub.guildId);
    },
    deliver(event) {
      const set = byGuild.get(event.guildId);
      if (set === undefined) return 0;
      let sent = 0;
      const { visibility, seq } = event;
      for (const sub of set) {
        // Catching-up subscriptions take this event from the history when they reach it.
        if (sub.mode !== 'live' || seq <= sub.position) continue;
        sub.position = seq;
        if (!admits(visibility, sub.role, sub.userId)) continue;
        if (!sub.outbound.sendFramed(event.wireFrame(sub.lastSent))) continue;
        sub.lastSent = seq;
        sent++;
      }
      return sent;
    },
    *all() {
      for (const set of byGuild.values()) yield* set;
    },
  };
}
