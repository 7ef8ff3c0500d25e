import { once } from 'node:events';
import { Events, type Message } from 'discord.js';
import t from 'tap';
import { fakeDiscordForTest, loginClient, seedGuild } from '../fixtures.js';

t.test('resume – a killed gateway connection resumes without losing a dispatch', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild, text, alice } = seedGuild(server);
  const client = await loginClient(t, server);
  const [before] = server.control.gateway.sessions();
  const seen: string[] = [];
  const waiters: { count: number; resolve: () => void }[] = [];
  client.on(Events.MessageCreate, (message: Message) => {
    seen.push(message.content);
    for (const w of waiters) if (seen.length >= w.count) w.resolve();
  });
  const seenCount = (count: number) =>
    new Promise<void>((resolve) => (seen.length >= count ? resolve() : waiters.push({ count, resolve })));
  const resumed = once(client, Events.ShardResume);

  server.control.gateway.dropConnections();
  // While the client is disconnected, state keeps changing: these must be replayed on RESUME.
  server.control.postMessage({ channelId: text.id, userId: alice.id, content: 'missed 1' });
  const late = server.control.createChannel(guild.id, { name: 'created-while-offline' });
  server.control.postMessage({ channelId: text.id, userId: alice.id, content: 'missed 2' });

  await resumed;
  await seenCount(2);
  t.same(seen, ['missed 1', 'missed 2'], 'every missed MESSAGE_CREATE, in order');
  t.ok(client.channels.cache.get(late.id), 'the missed CHANNEL_CREATE reached the cache');
  const [after] = server.control.gateway.sessions();
  t.equal(after?.id, before?.id, 'the same session, not a new IDENTIFY');
  t.equal(after?.resumes, 1);

  server.control.postMessage({ channelId: text.id, userId: alice.id, content: 'live again' });
  await seenCount(3);
  t.same(seen.at(-1), 'live again', 'nothing replayed twice');
});

t.test('resume – an unknown session gets INVALID_SESSION and the client identifies again', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild } = seedGuild(server);
  const client = await loginClient(t, server);
  const [first] = server.control.gateway.sessions();
  // ShardReady fires again only after a fresh IDENTIFY → READY (a resume emits ShardResume).
  const readyAgain = once(client, Events.ShardReady);
  server.control.gateway.invalidateSessions();
  server.control.gateway.dropConnections();
  await readyAgain;
  const sessions = server.control.gateway.sessions();
  t.equal(sessions.length, 1);
  t.not(sessions[0]?.id, first?.id, 'a new session');
  t.equal(sessions[0]?.resumes, 0);
  t.ok(client.guilds.cache.get(guild.id)?.available);
});
