import { once } from 'node:events';
import {
  Events,
  type Message,
  type PartialMessage,
  type ReadonlyCollection,
  type Snowflake,
} from 'discord.js';
import t from 'tap';
import { fakeDiscordForTest, loginClient, seedGuild } from '../fixtures.js';

t.test(
  'messages – paging forward with `after` sees every message once, in order, none skipped',
  async (t) => {
    const server = await fakeDiscordForTest(t);
    const { text, alice } = seedGuild(server);
    const posted = Array.from({ length: 250 }, (_, i) =>
      server.control.postMessage({ channelId: text.id, userId: alice.id, content: `m${i}` }),
    );
    const client = await loginClient(t, server);
    const seen: string[] = [];
    let after = '0';
    for (;;) {
      const page = (await client.rest.get(`/channels/${text.id}/messages`, {
        query: new URLSearchParams({ after, limit: '100' }),
      })) as { id: string; content: string }[];
      if (page.length === 0) break;
      t.ok(BigInt(page[0]!.id) > BigInt(page.at(-1)!.id), 'each page is newest first, as Discord answers');
      const oldestFirst = [...page].reverse();
      seen.push(...oldestFirst.map((m) => m.content));
      after = oldestFirst.at(-1)!.id;
    }
    t.same(
      seen,
      posted.map((m) => m.content),
    );
    const before = (await client.rest.get(`/channels/${text.id}/messages`, {
      query: new URLSearchParams({ before: posted[10]!.id, limit: '3' }),
    })) as { content: string }[];
    t.same(
      before.map((m) => m.content),
      ['m9', 'm8', 'm7'],
    );
  },
);

t.test('messages – enforce_nonce: a retried send within minutes answers the first message', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { text } = seedGuild(server);
  const client = await loginClient(t, server);
  const body = { content: 'once', nonce: 'reply-abc', enforce_nonce: true };
  const a = (await client.rest.post(`/channels/${text.id}/messages`, { body })) as {
    id: string;
    nonce: string;
  };
  const b = (await client.rest.post(`/channels/${text.id}/messages`, { body })) as { id: string };
  t.equal(a.id, b.id);
  t.equal(a.nonce, 'reply-abc');
  t.equal(server.control.messages(text.id).length, 1);
  const c = (await client.rest.post(`/channels/${text.id}/messages`, {
    body: { content: 'twice', nonce: 'reply-abc' },
  })) as { id: string };
  t.not(c.id, a.id, 'without enforce_nonce the nonce is only echoed');
});

t.test(
  'messages – users edit and delete; a moderator bulk-deletes: the client gets UPDATE, DELETE and DELETE_BULK',
  async (t) => {
    const server = await fakeDiscordForTest(t);
    const { text, alice, sam } = seedGuild(server);
    const client = await loginClient(t, server);
    const created = once(client, Events.MessageCreate);
    const first = server.control.postMessage({
      channelId: text.id,
      userId: alice.id,
      content: 'see attached',
      attachments: [{ filename: 'log.txt', size: 12, contentType: 'text/plain' }],
    });
    const [message] = (await created) as [Message];
    t.equal(message.attachments.first()?.name, 'log.txt');
    t.match(message.attachments.first()?.url, /^https:\/\/cdn\.discordapp\.com\/attachments\//);

    const updated = once(client, Events.MessageUpdate);
    t.throws(
      () => server.control.editMessage({ messageId: first.id, userId: sam.id, content: 'x' }),
      /did not write/,
    );
    server.control.editMessage({ messageId: first.id, userId: alice.id, content: 'see attached (v2)' });
    const [, after] = (await updated) as [unknown, Message];
    t.equal(after.content, 'see attached (v2)');
    t.ok(after.editedTimestamp, 'edited_timestamp is set');

    const deleted = once(client, Events.MessageDelete);
    server.control.deleteMessage(first.id);
    const [gone] = (await deleted) as [PartialMessage];
    t.equal(gone.id, first.id);

    const a = server.control.postMessage({ channelId: text.id, userId: alice.id, content: 'a' });
    const b = server.control.postMessage({ channelId: text.id, userId: alice.id, content: 'b' });
    t.throws(() => server.control.bulkDeleteMessages(text.id, [a.id]), /Invalid Form Body/);
    const bulk = once(client, Events.MessageBulkDelete);
    server.control.bulkDeleteMessages(text.id, [a.id, b.id]);
    const [purged] = (await bulk) as [ReadonlyCollection<Snowflake, Message | PartialMessage>];
    t.same([...purged.keys()].sort(), [a.id, b.id].sort());
    t.same(server.control.messages(text.id), []);

    const c = server.control.postMessage({ channelId: text.id, userId: alice.id, content: 'c' });
    const d = server.control.postMessage({ channelId: text.id, userId: alice.id, content: 'd' });
    const viaRest = once(client, Events.MessageBulkDelete);
    await client.rest.post(`/channels/${text.id}/messages/bulk-delete`, { body: { messages: [c.id, d.id] } });
    await viaRest;
    t.same(server.control.messages(text.id), []);
    await t.rejects(
      client.rest.post(`/channels/${text.id}/messages/bulk-delete`, { body: { messages: ['1'] } }),
      { code: 50035 },
    );
  },
);
