import type { Logger } from 'pino';
import { giveawayStore } from '../store/giveaway-store.js';
import { emitEntrantsCounted } from '../wire/giveaway-events.js';
import type { GiveawayDeps } from './deps.js';

/** Options of the entrant counter. */
export interface EntrantCounterOptions {
  /** Least time between two counts of one giveaway, across replicas. Default 1000. */
  readonly gapMs?: number;
}

/**
 * Coalesces entrant counts: an entry or a leave marks its giveaway; each marked giveaway gets one
 * `entrants_counted` event at most every `gapMs` (the stored `counted_at` spaces them across
 * replicas), at most `gapMs` after the change. A 100k-entrant giveaway sends about one frame per
 * second instead of 100k. A crash loses marks, not entries: the next entry marks again, and the end
 * publishes the exact count.
 */
export function createEntrantCounter(deps: GiveawayDeps, options: EntrantCounterOptions = {}) {
  const gapMs = options.gapMs ?? 1000;
  const log: Logger = deps.logger.child({ component: 'entrant-counter' });
  const timers = new Map<string, NodeJS.Timeout>();
  // When this replica last stored each giveaway's count (bounded: forgotten after a gap).
  const lastCounted = new Map<string, number>();
  let stopped = false;

  async function flush(giveawayId: string): Promise<void> {
    timers.delete(giveawayId);
    const now = deps.clock();
    let stored: Awaited<ReturnType<ReturnType<typeof giveawayStore>['storeCount']>>;
    await deps.outbox.transaction(async (trx, emit) => {
      stored = await giveawayStore(trx).storeCount(giveawayId, now, gapMs);
      if (stored) emitEntrantsCounted(emit, { giveawayId, ...stored });
    });
    if (stored!) {
      lastCounted.set(giveawayId, now.getTime());
      setTimeout(() => lastCounted.delete(giveawayId), gapMs).unref();
      return;
    }
    if (stopped) return;
    // Another replica counted less than gapMs ago: count again once its gap has passed.
    const countedAt = await giveawayStore(deps.db).countedAt(giveawayId);
    if (countedAt) schedule(giveawayId, countedAt.getTime() + gapMs - now.getTime());
  }

  function schedule(giveawayId: string, delayMs: number): void {
    if (stopped || timers.has(giveawayId)) return;
    const timer = setTimeout(
      () => {
        flush(giveawayId).catch((err: unknown) => log.warn({ err, giveawayId }, 'entrant count failed'));
      },
      Math.max(0, delayMs),
    );
    timer.unref();
    timers.set(giveawayId, timer);
  }

  return {
    /** Marks a giveaway whose entrants changed; its count follows within `gapMs`. */
    mark(giveawayId: string): void {
      const last = lastCounted.get(giveawayId);
      schedule(giveawayId, last === undefined ? 0 : last + gapMs - deps.clock().getTime());
    },
    stop(): void {
      stopped = true;
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
    },
  };
}

/** The entrant counter's interface. */
export type EntrantCounter = ReturnType<typeof createEntrantCounter>;
