import t from 'tap';
import type { FeedEvent } from '../../src/core/feed-event.js';
import {
  createEventHistory,
  type EventHistory,
  type HistoryBounds,
} from '../../src/history/event-history.js';

function event(guildId: string, seq: number, ts = seq): FeedEvent {
  return {
    seq,
    guildId,
    type: 'ticket.opened',
    ts,
    visibility: { roles: new Set(), users: [] },
    size: 1,
    wireFrame: () => Buffer.alloc(0),
  };
}

const held = (history: EventHistory, guildId: string): number[] => {
  const guild = history.guild(guildId);
  const seqs: number[] = [];
  for (let i = 0; guild !== undefined && i < guild.size; i++) seqs.push(guild.at(i)!.seq);
  return seqs;
};

const bounds = (b: Partial<HistoryBounds>): HistoryBounds => ({
  eventsPerGuild: 1000,
  eventsTotal: 1000,
  maxAgeMs: 60_000,
  ...b,
});

t.test('history – over the total bound the globally oldest event goes, whatever its guild', async (t) => {
  const history = createEventHistory(bounds({ eventsTotal: 4 }));
  for (const [guildId, seq] of [
    ['A', 1],
    ['A', 2],
    ['B', 3],
    ['B', 4],
    ['C', 5],
  ] as const)
    history.append(event(guildId, seq));
  t.equal(history.size, 4);
  t.same(held(history, 'A'), [2], "A's seq 1 was the oldest of all");
  t.same(held(history, 'B'), [3, 4]);
  t.same(held(history, 'C'), [5]);
  history.append(event('C', 6));
  t.same(held(history, 'A'), [], 'then A seq 2');
  t.equal(history.guild('A')?.lastEvicted, 2, 'an emptied guild keeps its eviction mark');
  t.notOk(history.completeAfter('A', 1), 'a resume before the evicted event needs the stream');
  t.ok(history.completeAfter('A', 2), 'a resume after it is served from memory');
  t.ok(history.completeAfter('B', 2), 'other guilds lost nothing');
  t.equal(history.head, 6);
});

t.test('history – global eviction skips events the per-guild bound already dropped', async (t) => {
  const history = createEventHistory(bounds({ eventsPerGuild: 2, eventsTotal: 3 }));
  history.append(event('A', 1));
  history.append(event('A', 2));
  history.append(event('A', 3)); // per guild: A1 goes
  t.same(held(history, 'A'), [2, 3]);
  history.append(event('B', 4));
  history.append(event('B', 5)); // total: the oldest still held is A2 (A1's entry is stale)
  t.same(held(history, 'A'), [3]);
  history.append(event('B', 6)); // per guild: B4 goes; total is 3 again
  t.same(held(history, 'B'), [5, 6]);
  t.equal(history.size, 3);
  history.append(event('C', 7)); // total: A3
  t.same(held(history, 'A'), []);
  history.append(event('C', 8)); // total: B4's entry is stale, so B5
  t.same(held(history, 'B'), [6]);
  t.same(held(history, 'C'), [7, 8]);
  t.equal(history.size, 3);
  t.notOk(history.completeAfter('B', 4));
  t.ok(history.completeAfter('B', 5));
});

t.test(
  'history – age eviction drops the globally oldest events first and stops at a young one',
  async (t) => {
    const history = createEventHistory(bounds({ maxAgeMs: 1000 }));
    history.append(event('A', 1, 100));
    history.append(event('B', 2, 200));
    history.append(event('A', 3, 5000));
    history.append(event('B', 4, 300)); // older ts behind a young one: kept until the young one goes
    t.equal(history.evictExpired(2000), 2);
    t.same(held(history, 'A'), [3]);
    t.same(held(history, 'B'), [4]);
    t.equal(history.evictExpired(7000), 2);
    t.equal(history.size, 0);
    t.equal(history.head, 4, 'eviction never moves the head');
  },
);

t.test('history – reset forgets everything and sets the floor', async (t) => {
  const history = createEventHistory(bounds({}));
  history.append(event('A', 1));
  history.reset(10);
  t.equal(history.size, 0);
  t.equal(history.head, 10);
  t.notOk(history.completeAfter('A', 9), 'below the floor: the stream');
  t.ok(history.completeAfter('A', 10));
});
