import t from 'tap';
import { backoffDelay } from '../src/index.js';

t.test('backoff – grows exponentially, is capped, and jitters within the upper half', async (t) => {
  const low = (n: number) => backoffDelay(n, { initialMs: 100, maxMs: 1000, random: () => 0 });
  const high = (n: number) => backoffDelay(n, { initialMs: 100, maxMs: 1000, random: () => 0.999999 });
  t.same([0, 1, 2, 3, 4, 10].map(low), [50, 100, 200, 400, 500, 500]);
  t.same([0, 1, 2, 3, 4, 10].map(high), [100, 200, 400, 800, 1000, 1000]);
  t.ok(
    Number.isFinite(backoffDelay(1e6)) && backoffDelay(1e6) <= 30_000,
    'huge attempts stay finite and capped',
  );
});
