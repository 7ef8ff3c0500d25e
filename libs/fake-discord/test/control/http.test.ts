import t from 'tap';
import { fakeDiscordForTest } from '../fixtures.js';

t.test('control http – a guild, channel and member can be made and read under /__control', async (t) => {
  const server = await fakeDiscordForTest(t);
  const post = async (path: string, body: unknown, method = 'POST') => {
    const response = await fetch(`${server.url}/__control${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const guild = await post('/guilds', { name: 'HTTP Guild' });
  t.equal(guild.status, 200);
  const guildId = String(guild.body.id);
  const channel = await post(`/guilds/${guildId}/channels`, { name: 'from-http' });
  t.equal(channel.body.name, 'from-http');
  const user = await post('/users', { username: 'carol' });
  await post(`/guilds/${guildId}/members/${String(user.body.id)}`, {}, 'PUT');
  t.ok(server.control.guild(guildId)?.members.has(String(user.body.id)), 'carol is a member');
  const bad = await post('/interactions/slash-command', {
    channelId: channel.body.id,
    userId: user.body.id,
    name: 'nope',
  });
  t.equal(bad.status, 400);
  t.match(bad.body, { error: /has not registered \/nope/ });
});
