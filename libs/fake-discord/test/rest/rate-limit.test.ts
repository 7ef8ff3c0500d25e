import type { RateLimitData } from 'discord.js';
import t from 'tap';
import { fakeDiscordForTest, loginClient, seedGuild } from '../fixtures.js';

t.test('rate limit – responses carry Discord rate-limit headers', async (t) => {
  const server = await fakeDiscordForTest(t);
  const response = await fetch(`${server.apiUrl}/v10/users/@me`, {
    headers: { authorization: `Bot ${server.token}` },
  });
  t.equal(response.status, 200);
  t.equal(response.headers.get('x-ratelimit-limit'), '50');
  t.equal(response.headers.get('x-ratelimit-remaining'), '49');
  t.match(response.headers.get('x-ratelimit-reset-after'), /^\d+\.\d{3}$/);
  t.match(response.headers.get('x-ratelimit-reset'), /^\d+\.\d{3}$/);
  t.match(response.headers.get('x-ratelimit-bucket'), /^[0-9a-f]{16}$/);
});

t.test('rate limit – a 429 is retried by the discord.js client', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild, text } = seedGuild(server);
  const limited: RateLimitData[] = [];
  // rejectOnRateLimit is @discordjs/rest's hook on a 429 it received; returning false means "retry".
  const rejectOnRateLimit = (info: RateLimitData) => {
    limited.push(info);
    return false;
  };
  const client = await loginClient(t, server, { rest: { rejectOnRateLimit } });
  server.control.rateLimit({
    count: 1,
    retryAfterMs: 50,
    method: 'POST',
    path: `/channels/${text.id}/messages`,
  });
  const channel = client.guilds.cache.get(guild.id)?.channels.cache.get(text.id);
  if (!channel?.isTextBased()) throw new Error('channel not cached');
  const message = await channel.send('after a 429');
  t.equal(server.control.message(message.id)?.content, 'after a 429');
  const posts = server.control.requests().filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));
  t.same(
    posts.map((r) => r.status),
    [429, 200],
    'the first attempt was limited, the retry succeeded',
  );
  t.match(limited, [{ method: 'POST', scope: 'user', global: false }], 'discord.js saw one 429');
  t.ok((limited[0]?.retryAfter ?? 0) >= 50, 'and waited the announced retry_after (plus its offset)');
});

t.test('rate limit – the 429 body and headers have Discord’s shape', async (t) => {
  const server = await fakeDiscordForTest(t);
  server.control.rateLimit({ retryAfterMs: 1500, scope: 'global' });
  const response = await fetch(`${server.apiUrl}/v10/users/@me`, {
    headers: { authorization: `Bot ${server.token}` },
  });
  t.equal(response.status, 429);
  t.equal(response.headers.get('retry-after'), '1.5');
  t.equal(response.headers.get('x-ratelimit-global'), 'true');
  t.equal(response.headers.get('x-ratelimit-scope'), 'global');
  t.same(await response.json(), { message: 'You are being rate limited.', retry_after: 1.5, global: true });
});
