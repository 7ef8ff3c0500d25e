/** Options for {@link waitUntil}. */
export interface WaitUntilOptions {
  /** Give up after this many milliseconds. Default 30 000. */
  readonly timeoutMs?: number;
  /** Pause between attempts. Default 25. */
  readonly intervalMs?: number;
  /** Stop early with this error (e.g. the server process exited). */
  readonly abort?: () => Error | undefined;
}

/**
 * Poll `probe` until it returns a value other than `undefined`; a throwing probe counts as "not
 * yet" and its last error becomes the cause of the timeout error.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  options: WaitUntilOptions = {},
): Promise<T> {
  const { timeoutMs = 30_000, intervalMs = 25, abort } = options;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    const aborted = abort?.();
    if (aborted !== undefined) throw aborted;
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
