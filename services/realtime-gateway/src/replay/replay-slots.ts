/** A counting semaphore capping how many stream replays run at once. */
export interface ReplaySlots {
  readonly active: number;
  readonly waiting: number;
  /** Resolves with a release function once a slot is free. */
  acquire(): Promise<() => void>;
}

/** Creates `capacity` slots, granted first come first served. */
export function createReplaySlots(capacity: number): ReplaySlots {
  let active = 0;
  const queue: Array<() => void> = [];
  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };
  const once = (): (() => void) => {
    let done = false;
    return () => {
      if (!done) {
        done = true;
        release();
      }
    };
  };
  return {
    get active() {
      return active;
    },
    get waiting() {
      return queue.length;
    },
    acquire() {
      if (active < capacity) {
        active++;
        return Promise.resolve(once());
      }
      return new Promise((resolve) => queue.push(() => resolve(once())));
    },
  };
}
