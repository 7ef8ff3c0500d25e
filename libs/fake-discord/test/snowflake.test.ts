import t from 'tap';
import {
  createSnowflakeGenerator,
  shardOfGuild,
  snowflakeFromTimestamp,
  snowflakeTimestamp,
} from '../src/index.js';

t.test('snowflake – ids are unique, increasing and carry their creation time', async (t) => {
  const ids = createSnowflakeGenerator();
  const before = Date.now();
  const made = Array.from({ length: 10_000 }, () => ids.next());
  t.equal(new Set(made).size, made.length, 'unique');
  t.ok(
    made.every((id, i) => i === 0 || BigInt(id) > BigInt(made[i - 1] ?? '0')),
    'strictly increasing',
  );
  t.ok(snowflakeTimestamp(made[0] ?? '0') >= before);
});

t.test('snowflake – shard of a guild is (id >> 22) % shards', async (t) => {
  const id = snowflakeFromTimestamp(1_700_000_000_123);
  t.equal(snowflakeTimestamp(id), 1_700_000_000_123);
  t.equal(shardOfGuild(id, 4), Number((BigInt(id) >> 22n) % 4n));
  t.equal(shardOfGuild('175928847299117063', 1), 0);
});
