import t from 'tap';
import { accessToken, browser, claimsOf, signIn, startDashboard, startStack } from './fixtures.js';

// Two guild-list reads per Discord token per minute: the login's and one refresh, then Discord's 429.
const stack = await startStack(t, { oauthGuildsPerWindow: 2, oauthGuildsWindowMs: 60_000 });
const { people, guilds } = stack.world;
let now = Date.now();
const clock = () => new Date(now);
// Reuse detection without a grace window, and the default (5 s) for the two-tabs case.
const { app: strict } = await startDashboard(t, stack, { DASHBOARD_REFRESH_REUSE_GRACE_MS: '0' }, { clock });
const { app: lenient } = await startDashboard(t, stack, {}, { clock });

const refreshOf = (res: { cookies: Array<{ name: string; value: string }> }) =>
  res.cookies.find((c) => c.name === 'gw_refresh')?.value;

t.test(
  'session – every token call rotates the refresh cookie; an old one used again ends the session',
  async (t) => {
    const b = browser(strict);
    await signIn(b, people.plain.id);
    const first = b.jar.get('gw_refresh')!.value;
    const one = await b.post('/auth/token');
    t.equal(one.statusCode, 200);
    const second = refreshOf(one);
    t.ok(second && second !== first, 'a new refresh token');
    t.equal((await b.post('/auth/token')).statusCode, 200, 'the browser goes on with the newest');

    const thief = await strict.inject({ method: 'POST', url: '/auth/token', cookies: { gw_refresh: first } });
    t.equal(thief.statusCode, 401);
    t.match(thief.json(), { error: { code: 'DASHBOARD_ERR_REFRESH_REUSED', message: /used again/ } });
    t.match(
      thief.cookies.find((c) => c.name === 'gw_refresh'),
      { value: '' },
      'the reused cookie is cleared',
    );
    const owner = await b.post('/auth/token');
    t.equal(owner.statusCode, 401, 'the rightful holder is signed out too: the session is revoked');
    t.match(owner.json(), {
      error: { code: 'DASHBOARD_ERR_SESSION_ENDED', message: /refresh token reused/ },
    });
  },
);

t.test(
  'session – two tabs refreshing at once both get a token within the grace window; later it is a reuse',
  async (t) => {
    const b = browser(lenient);
    await signIn(b, people.plain.id);
    const cookie = b.jar.get('gw_refresh')!.value;
    const both = await Promise.all(
      [1, 2].map(() =>
        lenient.inject({ method: 'POST', url: '/auth/token', cookies: { gw_refresh: cookie } }),
      ),
    );
    t.same(
      both.map((r) => r.statusCode),
      [200, 200],
    );
    t.equal(both.filter((r) => refreshOf(r) !== undefined).length, 1, 'exactly one rotation');
    now += 6_000;
    const late = await lenient.inject({
      method: 'POST',
      url: '/auth/token',
      cookies: { gw_refresh: cookie },
    });
    t.match(late.json(), { error: { code: 'DASHBOARD_ERR_REFRESH_REUSED' } }, 'past the grace window');
  },
);

t.test('session – logout revokes the session; no cookie and foreign origins are refused', async (t) => {
  const b = browser(strict);
  await signIn(b, people.owner.id);
  const cookie = b.jar.get('gw_refresh')!.value;
  const cross = await b.post('/auth/logout', { origin: 'https://evil.example' });
  t.equal(cross.statusCode, 403, 'a cross-site POST cannot sign anyone out');
  const out = await b.post('/auth/logout', { origin: 'http://127.0.0.1:3106' });
  t.equal(out.statusCode, 204);
  t.notOk(b.jar.has('gw_refresh'), 'the cookie is cleared');
  const after = await strict.inject({ method: 'POST', url: '/auth/token', cookies: { gw_refresh: cookie } });
  t.equal(after.statusCode, 401);
  t.match(after.json(), { error: { code: 'DASHBOARD_ERR_SESSION_ENDED', message: /logout/ } });
  t.equal((await b.post('/auth/logout')).statusCode, 204, 'logging out twice is fine');
  const none = await b.post('/auth/token');
  t.match(none.json(), { error: { code: 'DASHBOARD_ERR_NO_SESSION' } });
  t.equal(none.statusCode, 401);
});

t.test(
  'session – page loads use the cached guild list; refresh-guilds reads Discord at most once a minute',
  async (t) => {
    const b = browser(strict);
    const counts = () => stack.discord.control.oauth.counts().guildListRequests;
    const before = counts();
    await signIn(b, people.host.id);
    t.equal(counts(), before + 1, 'the login reads the list once');
    for (let i = 0; i < 5; i++) t.equal((await accessToken(b)).status, 200);
    t.equal(counts(), before + 1, 'five token calls, no Discord request');

    const tooSoon = await b.post('/auth/refresh-guilds');
    t.equal(tooSoon.statusCode, 429);
    t.match(tooSoon.json(), { error: { code: 'DASHBOARD_ERR_GUILDS_REFRESH_TOO_SOON' } });
    t.equal(tooSoon.headers['retry-after'], '60');
    t.ok(refreshOf(tooSoon), 'the refresh cookie still rotated');
    t.equal((await accessToken(b)).status, 200);

    // The host joins a guild with the bot: only a refresh of the list can know.
    const joined = stack.discord.control.createGuild({ name: 'Joined later', ownerId: people.host.id });
    t.same(claimsOf((await accessToken(b)).body.accessToken).guilds, { [guilds.main]: 'member' });
    now += 61_000;
    const refreshed = await b.post('/auth/refresh-guilds');
    t.equal(refreshed.statusCode, 200);
    t.same(claimsOf(refreshed.json().accessToken).guilds, { [guilds.main]: 'member', [joined.id]: 'admin' });
    t.equal(counts(), before + 2);

    now += 61_000;
    const limited = await b.post('/auth/refresh-guilds');
    t.equal(limited.statusCode, 429, "Discord's own 429 is passed on");
    t.match(limited.json(), { error: { code: 'DASHBOARD_ERR_DISCORD_RATE_LIMITED' } });
    t.ok(Number(limited.headers['retry-after']) > 0);
    t.equal((await accessToken(b)).status, 200, 'the session survives it');
  },
);

t.test('session – a Discord grant removed by the person ends the session at the next refresh', async (t) => {
  const b = browser(strict);
  await signIn(b, people.supporter.id);
  stack.discord.control.oauth.revokeUser(people.supporter.id);
  now += 61_000;
  const res = await b.post('/auth/refresh-guilds');
  t.equal(res.statusCode, 401);
  t.match(res.json(), { error: { code: 'DASHBOARD_ERR_DISCORD_REVOKED' } });
  t.notOk(b.jar.has('gw_refresh'));
});

t.test('session – an idle session ends', async (t) => {
  const b = browser(strict);
  await signIn(b, people.manager.id);
  now += 7 * 86_400_000 + 1000;
  const res = await b.post('/auth/token');
  t.equal(res.statusCode, 401);
  t.match(res.json(), { error: { code: 'DASHBOARD_ERR_SESSION_ENDED', message: /unused for too long/ } });
});
