import type { TicketDeps } from '../operations/deps.js';
import { fireDueTicketTimers, purgeIdempotencyKeys } from '../operations/fire-due-timers.js';
import { ticketStore } from '../store/ticket-store.js';

/** Tuning of the timer scheduler. */
export interface TimerSchedulerOptions {
  /** Longest sleep between sweeps: how soon a timer armed by another replica is noticed. Default 1000. */
  readonly intervalMs?: number;
  /** Tickets handled per transaction. Default 50. */
  readonly batchSize?: number;
  /** Age after which idempotency keys are forgotten. Default 24 h. */
  readonly idempotencyTtlMs?: number;
}

/** The running scheduler of one replica. */
export interface TimerScheduler {
  /** Sweeps at once (overdue timers fire right after a restart), then keeps sweeping. */
  start(): void;
  /** One sweep now; resolves with the number of tickets it changed. */
  sweep(): Promise<number>;
  /** Stops and waits for the sweep in hand. */
  stop(): Promise<void>;
}

const maxBatchesPerSweep = 100;

/**
 * Fires auto-close and close-request timers kept in Postgres. Every replica runs one: a sweep locks
 * due tickets with SKIP LOCKED, so replicas share the work and none fires a timer twice. It sleeps
 * until the next due timer or `intervalMs`, whichever comes first.
 */
export function createTimerScheduler(deps: TicketDeps, options: TimerSchedulerOptions = {}): TimerScheduler {
  const intervalMs = options.intervalMs ?? 1000;
  const batchSize = options.batchSize ?? 50;
  const ttlMs = options.idempotencyTtlMs ?? 24 * 3600 * 1000;
  const log = deps.logger.child({ component: 'ticket-timers' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let stopped = true;
  let lastPurge = 0;

  async function sweep(): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < maxBatchesPerSweep; batch++) {
      const { fired, locked } = await fireDueTicketTimers(deps, batchSize);
      total += fired;
      if (locked < batchSize) break;
    }
    if (total > 0) log.info({ fired: total }, 'ticket timers fired');
    const now = deps.clock().getTime();
    if (now - lastPurge > 10 * 60_000) {
      lastPurge = now;
      await purgeIdempotencyKeys(deps, ttlMs);
    }
    return total;
  }

  async function untilNext(): Promise<number> {
    const next = await ticketStore(deps.db).nextDue();
    if (!next) return intervalMs;
    // A floor keeps a timer that cannot fire (it should not exist) from spinning the loop.
    return Math.max(10, Math.min(intervalMs, next.getTime() - deps.clock().getTime()));
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    timer = setTimeout(() => {
      timer = undefined;
      const pass = sweep()
        .then(untilNext)
        .catch((err: unknown) => {
          log.warn({ err }, 'ticket timer sweep failed; will retry');
          return intervalMs;
        })
        .then((delay) => schedule(delay));
      running = pass;
    }, delayMs);
    timer.unref();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    sweep,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
