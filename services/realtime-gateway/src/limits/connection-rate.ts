/** A token bucket per remote address limiting how fast connections are opened. */
export interface ConnectionRate {
  /** Takes one token for `address`; false when the address is over its rate. */
  allow(address: string, now?: number): boolean;
  /** Forgets addresses whose bucket is full again (bounded memory under many addresses). */
  sweep(now?: number): void;
}

/** `perSecond` sustained, `burst` at once, per address. */
export function createConnectionRate(perSecond: number, burst: number): ConnectionRate {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refill = (b: { tokens: number; at: number }, now: number) => {
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * perSecond);
    b.at = now;
  };
  return {
    allow(address, now = Date.now()) {
      let b = buckets.get(address);
      if (b === undefined) {
        b = { tokens: burst, at: now };
        buckets.set(address, b);
      }
      refill(b, now);
      if (b.tokens < 1) return false;
      b.tokens -= 1;
      return true;
    },
    sweep(now = Date.now()) {
      for (const [address, b] of buckets) {
        refill(b, now);
        if (b.tokens >= burst) buckets.delete(address);
      }
    },
  };
}
