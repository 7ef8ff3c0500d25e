import t from 'tap';
import type { DiscordMessage } from '../../src/conversations/capture-mapping.js';
import { missedChanges } from '../../src/conversations/missed-changes.js';

const at = (s: number) => new Date(Date.UTC(2025, 0, 1, 10, 0, s));
const discord = (id: number, editedAt?: Date): DiscordMessage => ({
  id: String(id),
  channel_id: '9000',
  content: `m${id}`,
  timestamp: at(0).toISOString(),
  edited_timestamp: editedAt ? editedAt.toISOString() : null,
});
const kept = (id: number, editedAt: Date | null = null) => ({ id: String(id), editedAt });

t.test(
  'missed changes – an edit newer than the kept one is reported, an equal or older one not',
  async (t) => {
    const { edited } = missedChanges(
      [kept(14, at(5)), kept(13, at(5)), kept(12), kept(11, at(9))],
      [discord(14, at(6)), discord(13, at(5)), discord(12, at(2)), discord(11, at(8))],
      10,
    );
    t.same(
      edited.map((m) => m.id),
      ['12', '14'],
      'first edit of 12, a newer edit of 14, oldest first',
    );
  },
);

t.test(
  'missed changes – kept messages Discord no longer has are deleted, within the window only',
  async (t) => {
    // Discord answered its newest 3 (the limit): 20, 22, 24. Kept 19 is older than that window.
    const full = missedChanges(
      [kept(24), kept(23), kept(22), kept(21), kept(19)],
      [discord(24), discord(22), discord(20)],
      3,
    );
    t.same(full.deleted, ['21', '23'], '19 may just be older than the window: left alone');
    // Fewer than the limit: that is the whole channel, so 19 is gone too.
    const whole = missedChanges([kept(23), kept(19)], [discord(24), discord(22)], 10);
    t.same(whole.deleted, ['19', '23']);
    t.same(missedChanges([kept(5)], [], 10).deleted, ['5'], 'every message of the channel deleted');
    t.same(missedChanges([kept(5)], [], 0), { edited: [], deleted: [] }, 'limit 0 checks nothing');
    t.same(
      missedChanges([kept(30, at(1))], [discord(30, at(1)), discord(31)], 10),
      { edited: [], deleted: [] },
      'nothing changed: nothing reported (a message newer than the kept ones is no delete)',
    );
  },
);
