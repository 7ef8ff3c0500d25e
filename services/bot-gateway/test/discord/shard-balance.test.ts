import t from 'tap';
import { planShards, shardQuota } from '../../src/discord/shard-balance.js';

t.test('shard balance – quotas spread evenly, the remainder to the oldest replicas', async (t) => {
  const members = [
    { id: 'c', since: 3 },
    { id: 'a', since: 1 },
    { id: 'b', since: 2 },
  ];
  t.same(
    ['a', 'b', 'c'].map((id) => shardQuota(id, members, 4)),
    [2, 1, 1],
  );
  t.same(
    ['a', 'b', 'c'].map((id) => shardQuota(id, members, 2)),
    [1, 1, 0],
  );
  t.equal(shardQuota('a', [{ id: 'a', since: 1 }], 4), 4, 'alone: every shard');
  t.equal(
    shardQuota('new', [{ id: 'a', since: 1 }], 4),
    2,
    'a replica not yet listed counts itself, as the youngest',
  );
  for (const count of [1, 5, 16]) {
    const sum = members.reduce((n, m) => n + shardQuota(m.id, members, count), 0);
    t.equal(sum, count, `quotas add up to ${count}`);
  }
});

t.test(
  'shard balance – above the quota gives the highest shards up; below claims the lowest free',
  async (t) => {
    t.same(planShards([0, 3, 1], new Set([0, 1, 3]), 1, 4), { release: [1, 3], claim: [] });
    t.same(planShards([1], new Set([1, 2]), 3, 4), { release: [], claim: [0, 3] });
    t.same(planShards([], new Set([0, 1, 2, 3]), 2, 4), { release: [], claim: [] }, 'nothing free: wait');
    t.same(planShards([0, 1], new Set([0, 1]), 2, 4), { release: [], claim: [] });
  },
);
