import t from 'tap';
import { parseShardIds } from '../../src/discord/shard-range.js';

t.test('shard range – lists, ranges and "every shard"', async (t) => {
  t.same(parseShardIds('', 3), [0, 1, 2]);
  t.same(parseShardIds('0-2,5', 8), [0, 1, 2, 5]);
  t.same(parseShardIds('3,1,1', 4), [1, 3]);
  t.throws(() => parseShardIds('4', 4), /SHARD_COUNT is 4/);
  t.throws(() => parseShardIds('3-1', 4), /backwards/);
});
