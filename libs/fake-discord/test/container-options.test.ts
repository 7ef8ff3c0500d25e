// Options for running the fake Discord in another process than its clients (docker-compose.yml):
// publicUrl, the name bots reach it by (it listens on 0.0.0.0, and bots would otherwise dial 0.0.0.0
// for the gateway), and applicationId, fixed so the dashboard can be configured ahead.
import t from 'tap';
import { fakeDiscordForTest } from './fixtures.js';

t.test('publicUrl – GET /gateway/bot advertises it; the server listens where told', async (t) => {
  const server = await fakeDiscordForTest(t, { publicUrl: 'http://fake-discord.internal:3190/' });
  t.equal(server.url, 'http://fake-discord.internal:3190', 'trailing slash dropped');
  t.equal(server.apiUrl, 'http://fake-discord.internal:3190/api');
  t.equal(server.gatewayUrl, 'ws://fake-discord.internal:3190/gateway');
  t.match(server.listenUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
  const res = await fetch(`${server.listenUrl}/api/v10/gateway/bot`, {
    headers: { authorization: `Bot ${server.token}` },
  });
  t.equal(res.status, 200);
  t.equal(((await res.json()) as { url: string }).url, 'ws://fake-discord.internal:3190/gateway');
});

t.test('publicUrl – without it, every URL is the listen address', async (t) => {
  const server = await fakeDiscordForTest(t);
  t.equal(server.url, server.listenUrl);
  t.equal(server.gatewayUrl, `${server.listenUrl.replace('http', 'ws')}/gateway`);
});

t.test(
  'applicationId – fixes the bot user and the OAuth2 client id; anything but a snowflake is refused',
  async (t) => {
    const server = await fakeDiscordForTest(t, { applicationId: '1300000000000000001' });
    t.equal(server.applicationId, '1300000000000000001');
    t.equal(server.botUser.id, '1300000000000000001');
    const me = await fetch(`${server.apiUrl}/v10/applications/@me`, {
      headers: { authorization: `Bot ${server.token}` },
    });
    t.equal(((await me.json()) as { id: string }).id, '1300000000000000001');
    await t.rejects(fakeDiscordForTest(t, { applicationId: 'bot' }), /applicationId must be a snowflake/);
  },
);
