import type { Logger } from 'pino';

/** What a service does when rows fall due (timers, scheduled ends); its queries lock with SKIP LOCKED. */
export interface DueWork {
  /**
   * Fires what is due now, at most `limit` rows, in one transaction whose rows are claimed with
   * `FOR UPDATE SKIP LOCKED`, so replicas sweeping together split the work and none fires a row
   * twice. Returns when each fired row was due, and how many rows it locked.
   */
  fire(limit: number): Promise<{ readonly firedDueAt: readonly Date[]; readonly locked: number }>;
  /** When the next row falls due (any replica's), or undefined when none waits. */
  nextDue(): Promise<Date | undefined>;
}

/** Options of a due sweeper. */
export interface DueSweeperOptions {
  /** Names the sweeper in logs and metrics. */
  readonly name: string;
  readonly work: DueWork;
  readonly logger: Logger;
  /** The clock the work decides with (tests pass their own). Default: the system clock. */
  readonly clock?: () => Date;
  /** Longest sleep between sweeps: how soon a row armed by another replica is noticed. Default 1000. */
  readonly intervalMs?: number;
  /** Rows handled per transaction. Default 50. */
  readonly batchSize?: number;
  /** Called with how late each fired row was, in ms (metrics). */
  readonly onFired?: (latenessMs: readonly number[]) => void;
  /** Called when a sweep fails (it is retried after `intervalMs`). */
  readonly onFailed?: (err: unknown) => void;
}

/** A sweeper of one replica. */
export interface DueSweeper {
  /** Sweeps at once (rows that fell due while no replica ran fire right after a start), then keeps sweeping. */
  start(): void;
  /** One sweep now; resolves with the number of rows it fired. */
  sweep(): Promise<number>;
  /**
   * A row of this replica now falls due at `at`: sweep then if the sweeper would sleep longer (a
   * start or end set minutes ahead or moments ahead is then not left to the next interval).
   */
  wake(at: Date): void;
  /** Stops and waits for the sweep in hand. */
  stop(): Promise<void>;
}

// One sweep stops after this many full batches and lets the timer call it again, so a backlog of
// thousands of due rows cannot hold the loop (and shutdown) for long.
const maxBatchesPerSweep = 100;

/**
 * Fires due rows kept in Postgres. Every replica runs one; it sleeps until the next row falls due
 * or `intervalMs`, whichever comes first, and sweeps at start, so rows overdue after a restart fire
 * at once.
 */
export function createDueSweeper(options: DueSweeperOptions): DueSweeper {
  const { work, name } = options;
  const clock = options.clock ?? (() => new Date());
  const intervalMs = options.intervalMs ?? 1000;
  const batchSize = options.batchSize ?? 50;
  const log = options.logger.child({ component: 'due-sweeper', sweeper: name });
  let timer: NodeJS.Timeout | undefined;
  // When the armed timer fires (epoch ms), and the earliest wake the next timer must honour.
  let timerAt = Number.POSITIVE_INFINITY;
  let wakeDuringSweep = Number.POSITIVE_INFINITY;
  let running: Promise<unknown> | undefined;
  let stopped = true;
  // Sweeps in a row that found due rows but fired none (each waits twice as long, up to intervalMs).
  let stuckSweeps = 0;

  async function sweep(): Promise<number> {
    let total = 0;
    for (let batch = 0; batch < maxBatchesPerSweep; batch++) {
      const { firedDueAt, locked } = await work.fire(batchSize);
      total += firedDueAt.length;
      if (firedDueAt.length > 0 && options.onFired) {
        const now = clock().getTime();
        options.onFired(firedDueAt.map((due) => Math.max(0, now - due.getTime())));
      }
      if (locked < batchSize) break;
    }
    if (total > 0) log.info({ fired: total }, 'due rows fired');
    return total;
  }

  async function untilNext(fired: number): Promise<number> {
    const next = await work.nextDue();
    if (next === undefined) return intervalMs;
    const untilDue = next.getTime() - clock().getTime();
    // A row due that did not fire (locked by another replica, or one that cannot fire yet, such as
    // a giveaway whose beacon round is not out) must not spin the loop: the floor starts at 10 ms
    // and doubles with each such sweep, up to intervalMs. After a sweep that fired, rows already due
    // again are swept at once (a burst of ends due in the same second is not paced by the floor).
    stuckSweeps = fired === 0 && untilDue <= 0 ? stuckSweeps + 1 : 0;
    const floor = fired > 0 ? 0 : Math.min(intervalMs, 10 * 2 ** Math.max(0, stuckSweeps - 1));
    return Math.max(floor, Math.min(intervalMs, untilDue));
  }

  function schedule(delayMs: number): void {
    if (stopped) return;
    const wakeIn = wakeDuringSweep - clock().getTime();
    wakeDuringSweep = Number.POSITIVE_INFINITY;
    const delay = Math.max(0, Math.min(delayMs, wakeIn));
    timerAt = clock().getTime() + delay;
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Number.POSITIVE_INFINITY;
      running = sweep()
        .then(untilNext)
        .catch((err: unknown) => {
          log.warn({ err }, 'sweep failed; will retry');
          options.onFailed?.(err);
          return intervalMs;
        })
        .then((delay) => schedule(delay));
    }, delay);
    timer.unref();
  }

  return {
    start() {
      if (!stopped) return;
      stopped = false;
      schedule(0);
    },
    sweep,
    wake(at) {
      if (stopped) return;
      // The next timer armed will not sleep past `at`; re-arm now when the current one would.
      wakeDuringSweep = Math.min(wakeDuringSweep, at.getTime());
      if (timer === undefined || at.getTime() >= timerAt) return;
      clearTimeout(timer);
      timer = undefined;
      schedule(at.getTime() - clock().getTime());
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
