import type { EventBus } from '../events.js';
import { WaitForTimeoutError } from './errors.js';

/** How long to wait, and what to call the condition in the timeout error. */
export interface WaitForOptions {
  /** Default 5000 ms. */
  timeoutMs?: number;
  description?: string;
}

/** A condition: returns the awaited value once true, a falsy value until then. */
export type Condition<T> = () => T | undefined | null | false;

/**
 * Resolves with the condition's value as soon as it holds. The condition is checked now and
 * after every state change the server publishes: no polling, no sleeps.
 */
export function waitFor<T>(bus: EventBus, condition: Condition<T>, options: WaitForOptions = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    let unsubscribe: () => void = () => {};
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      unsubscribe();
      fn();
    };
    const check = () => {
      try {
        const value = condition();
        if (value) settle(() => resolve(value));
      } catch (error) {
        settle(() => reject(error));
      }
    };
    check();
    if (settled) return;
    unsubscribe = bus.subscribe(check);
    const timeoutMs = options.timeoutMs ?? 5000;
    timer = setTimeout(() => {
      const what = options.description ?? 'condition';
      settle(() => reject(new WaitForTimeoutError(`${what} not met within ${timeoutMs} ms`)));
    }, timeoutMs);
  });
}
