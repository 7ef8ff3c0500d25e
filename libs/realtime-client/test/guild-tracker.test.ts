import t from 'tap';
import { createGuildTracker, type EventFrame } from '../src/index.js';

const ev = (seq: number, prev: number): EventFrame => ({
  op: 'event',
  guildId: '1',
  seq,
  prev,
  type: 'ticket.opened',
  data: {},
  ts: 0,
});

t.test('tracker – recovered resumes after since; otherwise after head', async (t) => {
  const resumed = createGuildTracker('1', { seq: 10, epoch: 'e' });
  resumed.subscribing();
  t.equal(resumed.accept(ev(11, 10)), 'ignore', 'events before the answer belong to the old subscription');
  resumed.subscribed(
    { op: 'subscribed', guildId: '1', head: 50, epoch: 'e', recovered: true },
    { seq: 10, epoch: 'e' },
  );
  t.equal(resumed.accept(ev(12, 10)), 'deliver');
  const fresh = createGuildTracker('1', { seq: 10, epoch: 'old' });
  fresh.subscribing();
  fresh.subscribed(
    { op: 'subscribed', guildId: '1', head: 50, epoch: 'new', recovered: false },
    { seq: 10, epoch: 'old' },
  );
  t.same(fresh.cursor, { seq: 50, epoch: 'new' });
  t.equal(fresh.accept(ev(51, 50)), 'deliver');
});

t.test('tracker – duplicates are dropped and a broken prev chain is a gap', async (t) => {
  const tr = createGuildTracker('1', undefined);
  tr.subscribing();
  tr.subscribed({ op: 'subscribed', guildId: '1', head: 0, epoch: 'e', recovered: false }, undefined);
  t.equal(tr.accept(ev(3, 0)), 'deliver');
  t.equal(tr.accept(ev(3, 0)), 'duplicate');
  t.equal(tr.accept(ev(2, 0)), 'duplicate');
  t.equal(tr.accept(ev(9, 7)), 'gap');
  t.same(tr.cursor, { seq: 3, epoch: 'e' }, 'the cursor stays at the last good event');
});
