import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

/** Calls `press(k)` at `rate` per second for `ms`, open loop: late timers catch up, never wait for answers. */
export async function openLoop(rate: number, ms: number, press: (k: number) => void): Promise<number> {
  const total = Math.round((rate * ms) / 1000);
  const started = performance.now();
  let k = 0;
  while (k < total) {
    const due = started + (k * 1000) / rate;
    const now = performance.now();
    if (due > now) await sleep(Math.max(0, due - now));
    else press(k++);
  }
  return total;
}
