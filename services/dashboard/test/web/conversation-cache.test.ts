import type { RealtimeEvent } from '@guildwire/realtime-client';
import { QueryClient } from '@tanstack/react-query';
import t from 'tap';
import type { MessagePage, TicketMessage, TicketReplyDraft } from '../../web/src/api/types.js';
import { keys } from '../../web/src/live/query-keys.js';
import { applyConversationEvent } from '../../web/src/tickets/conversation/conversation-cache.js';
import {
  compareSnowflakes,
  conversationView,
  emptyLive,
  type LiveConversation,
} from '../../web/src/tickets/conversation/conversation-state.js';

// How the conversation panel's data is merged: pages, live events and replies, in any order and
// any number of times (the browser test shows it end to end; these pin the rules one by one).

const guildId = '4242';
const ticketId = '0190c1d2-0000-7000-8000-000000000001';

function message(id: string, fields: Partial<TicketMessage> = {}): TicketMessage {
  return {
    id,
    ticketId,
    guildId,
    channelId: '9000',
    author: { id: '100', name: 'alice', avatarUrl: null, bot: false },
    content: `message ${id}`,
    embeds: [],
    attachments: [],
    mentions: [],
    createdAt: '2025-01-01T10:00:00.000Z',
    editedAt: null,
    deletedAt: null,
    replyId: null,
    version: 1,
    ...fields,
  } as TicketMessage;
}

function reply(id: string, fields: Partial<TicketReplyDraft> = {}): TicketReplyDraft {
  return {
    id,
    ticketId,
    guildId,
    authorId: '500',
    content: `reply ${id}`,
    status: 'pending',
    messageId: null,
    error: null,
    createdAt: '2025-01-01T10:00:00.000Z',
    version: 1,
    ...fields,
  } as TicketReplyDraft;
}

function event(type: string, data: object, seq = 1): RealtimeEvent {
  return { guildId, seq, type, data: data as never, ts: 0, def: undefined };
}

const page = (...items: TicketMessage[]): MessagePage => ({ items });

t.test('snowflakes – a longer id is later; equal lengths compare as text', async (t) => {
  t.ok(compareSnowflakes('999999999999999999', '1000000000000000000') < 0);
  t.ok(compareSnowflakes('1300000000000000102', '1300000000000000101') > 0);
  t.equal(compareSnowflakes('5', '5'), 0);
});

t.test('view – pages and live merge by id at the highest version, oldest first', async (t) => {
  const live: LiveConversation = {
    messages: {
      '12': message('12', { content: 'edited', version: 2, editedAt: '2025-01-01T10:01:00.000Z' }),
      '13': message('13'),
      '10': message('10', { content: 'stale', version: 1 }),
    },
    replies: {},
  };
  // Newest-first pages, and one message on two pages (it moved while the next page loaded).
  const view = conversationView(
    [
      page(message('12'), message('11')),
      page(message('11'), message('10', { content: 'deleted', version: 2 })),
    ],
    live,
    [],
    new Set(),
  );
  t.same(
    view.messages.map((m) => m.id),
    ['10', '11', '12', '13'],
  );
  t.equal(view.messages[2]?.content, 'edited', 'the live edit wins over the older page copy');
  t.equal(view.messages[0]?.content, 'deleted', 'a newer page copy wins over an older live one');
});

t.test(
  'view – a reply shows as its message once known, whatever came first; failed ones stay until hidden',
  async (t) => {
    const posted = message('20', { replyId: 'r1' });
    const pending = reply('r1');
    // The posted message arrived before the POST's answer put the pending reply in.
    const both = conversationView(
      [],
      { messages: { '20': posted }, replies: { r1: pending } },
      [],
      new Set(),
    );
    t.same(both.unposted, [], 'no bubble beside the posted message');
    t.equal(both.messages.length, 1);
    // Only the reply so far: a bubble.
    t.same(
      conversationView([], { messages: {}, replies: { r1: pending } }, [], new Set()).unposted.map(
        (r) => r.id,
      ),
      ['r1'],
    );
    // A failed reply (from GET …/replies after a reload, or message_failed): shown until hidden.
    const failed = reply('r2', { status: 'failed', error: 'the channel was deleted', version: 2 });
    const withFailed = conversationView(
      [],
      { ...emptyLive, replies: { r2: reply('r2') } },
      [failed],
      new Set(),
    );
    t.equal(withFailed.unposted[0]?.status, 'failed', 'the failed version wins over the pending one');
    t.same(conversationView([], emptyLive, [failed], new Set(['r2'])).unposted, [], 'hidden');
  },
);

t.test(
  'cache – events reach the live entry of a ticket on screen only; a replay changes nothing; other events are not taken',
  async (t) => {
    const client = new QueryClient();
    t.teardown(() => client.clear());
    const liveKey = keys.conversationLive(guildId, ticketId);
    const posted = event('ticket.message_posted', { ticketId, openerId: '100', message: message('30') });
    t.ok(applyConversationEvent(client, posted), 'a conversation event');
    t.equal(client.getQueryData(liveKey), undefined, 'no page shows the ticket: nothing kept');

    client.setQueryData(liveKey, emptyLive);
    applyConversationEvent(client, posted);
    const once = client.getQueryData<LiveConversation>(liveKey)!;
    t.same(Object.keys(once.messages), ['30']);
    applyConversationEvent(client, posted);
    t.equal(client.getQueryData(liveKey), once, 'a replayed event leaves the data as it was');

    applyConversationEvent(
      client,
      event('ticket.message_deleted', {
        ticketId,
        openerId: '100',
        message: message('30', { content: '', deletedAt: '2025-01-01T10:02:00.000Z', version: 3 }),
      }),
    );
    applyConversationEvent(
      client,
      event('ticket.message_edited', {
        ticketId,
        openerId: '100',
        message: message('30', { content: 'late edit', version: 2 }),
      }),
    );
    const after = client.getQueryData<LiveConversation>(liveKey)!;
    t.not(after.messages['30']?.deletedAt, null, 'an edit older than the delete does not bring it back');

    applyConversationEvent(
      client,
      event('ticket.message_failed', {
        ticketId,
        openerId: '100',
        reply: reply('r9', { status: 'failed', error: 'gone', version: 2 }),
      }),
    );
    t.equal(client.getQueryData<LiveConversation>(liveKey)!.replies.r9?.status, 'failed');
    t.notOk(
      applyConversationEvent(client, event('ticket.claimed', { ticket: null })),
      'a ticket event is left to the other updates',
    );
  },
);
