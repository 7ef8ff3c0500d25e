import { REST } from '@discordjs/rest';
import t from 'tap';
import { fakeDiscordForTest, seedGuild } from '../fixtures.js';

t.test('server errors – the next matching requests get the forced 5xx and change nothing', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { text } = seedGuild(server);
  server.control.serverError({
    count: 2,
    status: 503,
    method: 'POST',
    path: `/channels/${text.id}/messages`,
  });
  const post = () =>
    fetch(`${server.apiUrl}/v10/channels/${text.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bot ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hello' }),
    });
  const get = await fetch(`${server.apiUrl}/v10/channels/${text.id}/messages`, {
    headers: { authorization: `Bot ${server.token}` },
  });
  t.equal(get.status, 200, 'another method is not affected');
  const first = await post();
  t.equal(first.status, 503);
  t.same(await first.json(), { message: '503: Service Unavailable', code: 0 });
  t.equal((await post()).status, 503);
  t.equal(server.control.messages(text.id).length, 0, 'a failed request created nothing');
  t.equal((await post()).status, 200, 'the third passes');
  t.equal(server.control.messages(text.id).length, 1);
  t.same(
    server.control
      .requests()
      .filter((r) => r.method === 'POST')
      .map((r) => r.status),
    [503, 503, 200],
  );
});

t.test('server errors – @discordjs/rest retries a 5xx, and gives up after its retries', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { text } = seedGuild(server);
  const rest = new REST({ api: server.apiUrl, retries: 2 }).setToken(server.token);
  t.teardown(() => {
    rest.clearHashSweeper();
    rest.clearHandlerSweeper();
  });
  const route = `/channels/${text.id}/messages` as const;
  server.control.serverError({ count: 2, status: 502, path: route });
  await rest.post(route, { body: { content: 'third time lucky' } });
  t.same(
    server.control.messages(text.id).map((m) => m.content),
    ['third time lucky'],
  );
  server.control.serverError({ count: 3, status: 500, path: route });
  const failed = await rest.post(route, { body: { content: 'never' } }).catch((err: unknown) => err);
  t.match(failed, { name: 'HTTPError', status: 500 }, 'the last 500 reaches the caller');
  t.equal(server.control.messages(text.id).length, 1, 'nothing created by the failed attempts');
});

t.test('server errors – over the control API; a status other than 5xx is a usage error', async (t) => {
  const server = await fakeDiscordForTest(t);
  const control = (body: object) =>
    fetch(`${server.url}/__control/server-error`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  t.equal((await control({ status: 418 })).status, 400);
  t.equal((await control({ status: 500, path: '/users/@me' })).status, 204);
  const me = await fetch(`${server.apiUrl}/v10/users/@me`, {
    headers: { authorization: `Bot ${server.token}` },
  });
  t.equal(me.status, 500);
  const record = server.control.requests().at(-1);
  t.ok(
    record && record.receivedAt <= record.at,
    'the request log says when it arrived and when it was answered',
  );
});
