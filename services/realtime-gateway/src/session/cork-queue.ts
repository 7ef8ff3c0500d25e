/** Something that corked its socket during this turn of the event loop. */
export interface Corked {
  /** Uncorks: the turn's writes leave in one. */
  flush(): void;
}

/**
 * The sockets one gateway instance corked during this turn of the event loop, uncorked together
 * once it ends, so the frames for one socket from a whole NATS batch leave in one write. One queue
 * per gateway (not module state), so two gateways in one process (tests, benchmarks) never flush
 * each other's sockets.
 */
export interface CorkQueue {
  /** Flushes `corked` at the end of this turn (once, however often it is added). */
  add(corked: Corked): void;
  /** Forgets `corked` (it flushed early). */
  delete(corked: Corked): void;
}

/** Creates an empty queue. */
export function createCorkQueue(): CorkQueue {
  const corked = new Set<Corked>();
  let scheduled = false;
  const flushAll = (): void => {
    scheduled = false;
    for (const c of corked) c.flush();
    corked.clear();
  };
  return {
    add(c) {
      corked.add(c);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flushAll);
      }
    },
    delete(c) {
      corked.delete(c);
    },
  };
}
