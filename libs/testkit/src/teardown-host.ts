/** The part of a tap `Test` that testkit uses: teardown registration and an optional comment. */
export interface TeardownHost {
  teardown(fn: () => unknown): void;
  comment?(...message: unknown[]): void;
}

/** Register `stop` as teardown of `t` (when given) and note how the resource was started. */
export function attachToTest(t: TeardownHost | undefined, stop: () => Promise<void>, note: string): void {
  if (t === undefined) return;
  t.teardown(stop);
  t.comment?.(note);
}
