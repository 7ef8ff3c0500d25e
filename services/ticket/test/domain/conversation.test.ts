import t from 'tap';
import { decideRecord, snowflakeTime, type TicketMessage } from '../../src/domain/conversation.js';

const base: TicketMessage = {
  id: '1234567890123456789',
  ticketId: 't',
  guildId: '1',
  channelId: '2',
  author: { id: '3', name: 'alice', avatarUrl: null, bot: false },
  content: 'hello',
  embeds: [],
  attachments: [],
  mentions: [],
  createdAt: new Date('2025-01-01T00:00:00Z'),
  editedAt: null,
  deletedAt: null,
  replyId: null,
  version: 0,
};
const at = (iso: string) => new Date(iso);

t.test('decideRecord – a create is kept once; a repeated create changes nothing', async (t) => {
  const first = decideRecord(undefined, 'created', base);
  t.equal(first?.event, 'message_posted');
  t.equal(first?.next.version, 1);
  t.equal(decideRecord(first!.next, 'created', base), null);
});

t.test('decideRecord – an older edit never overwrites a newer one', async (t) => {
  const kept = decideRecord(undefined, 'created', base)!.next;
  const newer = decideRecord(kept, 'edited', {
    ...base,
    content: 'v2',
    editedAt: at('2025-01-01T00:02:00Z'),
  });
  t.equal(newer?.event, 'message_edited');
  t.equal(newer?.next.content, 'v2');
  t.equal(newer?.next.version, 2);
  const older = decideRecord(newer!.next, 'edited', {
    ...base,
    content: 'v1',
    editedAt: at('2025-01-01T00:01:00Z'),
  });
  t.equal(older, null, 'the older edit is dropped');
  const same = decideRecord(newer!.next, 'edited', {
    ...base,
    content: 'v2',
    editedAt: at('2025-01-01T00:02:00Z'),
  });
  t.equal(same, null, 'the same edit again changes nothing');
});

t.test(
  'decideRecord – an edit before its create keeps the edit; the create then changes nothing',
  async (t) => {
    const edit = decideRecord(undefined, 'edited', {
      ...base,
      content: 'v2',
      editedAt: at('2025-01-01T00:02:00Z'),
    });
    t.equal(edit?.event, 'message_posted', 'the dashboard never saw it: it is posted, as edited');
    t.equal(decideRecord(edit!.next, 'created', base), null);
  },
);

t.test(
  'decideRecord – a delete is final, clears content, and a delete before the create leaves a tombstone',
  async (t) => {
    const kept = decideRecord(undefined, 'created', base)!.next;
    const deleted = decideRecord(kept, 'deleted', { ...base, deletedAt: at('2025-01-01T00:03:00Z') });
    t.equal(deleted?.event, 'message_deleted');
    t.equal(deleted?.next.content, '');
    t.ok(deleted?.next.deletedAt);
    t.equal(decideRecord(deleted!.next, 'edited', { ...base, editedAt: at('2025-01-01T00:09:00Z') }), null);
    t.equal(decideRecord(deleted!.next, 'deleted', base), null);
    const tomb = decideRecord(undefined, 'deleted', base);
    t.equal(tomb?.event, null, 'nothing to tell a dashboard that never saw it');
    t.equal(tomb?.next.version, 0);
    t.equal(decideRecord(tomb!.next, 'created', base), null, 'the late create does not resurrect it');
  },
);

t.test('decideRecord – a reply recognised late is linked to the kept message', async (t) => {
  const kept = decideRecord(undefined, 'created', base)!.next;
  const linked = decideRecord(kept, 'created', { ...base, replyId: 'r1' });
  t.equal(linked?.next.replyId, 'r1');
  t.equal(linked?.event, 'message_edited');
});

t.test('snowflakeTime – reads the creation time of a Discord id', async (t) => {
  t.equal(snowflakeTime('175928847299117063').toISOString(), '2016-04-30T11:18:25.796Z');
});
