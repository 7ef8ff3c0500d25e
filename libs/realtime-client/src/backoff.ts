/** How reconnect delays grow. */
export interface BackoffOptions {
  /** First delay in ms (default 250). */
  readonly initialMs?: number;
  /** Largest delay in ms (default 30 000). */
  readonly maxMs?: number;
  /** Random source in [0, 1) (default Math.random); tests pass their own. */
  readonly random?: () => number;
}

/**
 * Delay before reconnect attempt `attempt` (0-based): exponential, capped, with "equal jitter"
 * (half fixed, half random) so a gateway restart does not bring every client back at once.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 250;
  const max = options.maxMs ?? 30_000;
  const random = options.random ?? Math.random;
  const base = Math.min(max, initial * 2 ** Math.min(attempt, 30));
  return Math.round(base / 2 + random() * (base / 2));
}
