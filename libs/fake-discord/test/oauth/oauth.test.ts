import { createHash, randomBytes } from 'node:crypto';
import t from 'tap';
import type { FakeDiscord } from '../../src/index.js';
import { fakeDiscordForTest, seedGuild } from '../fixtures.js';

const redirectUri = 'http://127.0.0.1:9/auth/callback';

/** A PKCE pair (RFC 7636): a random verifier and its S256 challenge. */
function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeQuery(server: FakeDiscord, overrides: Record<string, string | undefined> = {}) {
  const params = {
    response_type: 'code',
    client_id: server.control.oauth.clientId,
    redirect_uri: redirectUri,
    scope: 'identify guilds',
    state: 'st-123',
    ...(overrides.code_challenge === undefined ? {} : { code_challenge_method: 'S256' }),
    ...overrides,
  };
  return new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined));
}

/** Submits the consent form as a browser would: its hidden fields, the chosen user, the button. */
async function submitConsent(
  server: FakeDiscord,
  query: URLSearchParams,
  userId: string,
  action = 'authorize',
) {
  const page = await fetch(`${server.url}/oauth2/authorize?${query}`);
  const html = await page.text();
  const fields = new URLSearchParams();
  for (const [, name, value] of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields.set(name!, value!.replaceAll('&quot;', '"').replaceAll('&amp;', '&'));
  fields.set('user_id', userId);
  fields.set('action', action);
  const res = await fetch(`${server.url}/oauth2/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields,
    redirect: 'manual',
  });
  return { page: html, status: res.status, location: new URL(res.headers.get('location') ?? 'http://none/') };
}

async function exchange(server: FakeDiscord, form: Record<string, string>, basic = true) {
  const { clientId, clientSecret } = server.control.oauth;
  const res = await fetch(`${server.apiUrl}/v10/oauth2/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(basic
        ? { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` }
        : {}),
    },
    body: new URLSearchParams(form),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const asUser = (token: string) => ({ headers: { authorization: `Bearer ${token}` } });

t.test('oauth – consent page, Authorize, PKCE exchange, then /users/@me and /users/@me/guilds', async (t) => {
  const server = await fakeDiscordForTest(t);
  const seeded = seedGuild(server);
  const other = server.control.createGuild({ name: 'Other', ownerId: seeded.alice.id });
  const { verifier, challenge } = pkce();
  const query = authorizeQuery(server, { code_challenge: challenge });
  const consent = await submitConsent(server, query, seeded.alice.id);
  t.match(
    consent.page,
    /<button type="submit" name="action" value="authorize" id="authorize">Authorize<\/button>/,
  );
  t.match(consent.page, /alice/, "the page offers the fake's users to sign in as");
  t.notMatch(consent.page, new RegExp(`name="user_id" value="${server.botUser.id}"`), 'but not the bot');
  t.equal(consent.status, 302);
  t.equal(consent.location.origin + consent.location.pathname, redirectUri);
  t.equal(consent.location.searchParams.get('state'), 'st-123');
  const code = consent.location.searchParams.get('code')!;

  const token = await exchange(server, {
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
  t.equal(token.status, 200);
  t.match(token.body, {
    token_type: 'Bearer',
    scope: 'identify guilds',
    expires_in: 604800,
    refresh_token: String,
  });

  const me = await fetch(`${server.apiUrl}/v10/users/@me`, asUser(token.body.access_token as string));
  t.match(await me.json(), { id: seeded.alice.id, username: 'alice' });
  const guilds = await fetch(
    `${server.apiUrl}/v10/users/@me/guilds`,
    asUser(token.body.access_token as string),
  );
  t.equal(guilds.headers.get('x-ratelimit-limit'), '1');
  const list = (await guilds.json()) as Array<{ id: string; owner: boolean; permissions: string }>;
  t.same(
    list.map((g) => g.id).sort(),
    [seeded.guild.id, other.id].sort(),
    'only guilds the user is a member of',
  );
  t.equal(list.find((g) => g.id === other.id)?.owner, true);
  t.equal(list.find((g) => g.id === seeded.guild.id)?.owner, false);
  t.equal(typeof list[0]?.permissions, 'string');
  t.equal(server.control.oauth.counts().guildListRequests, 1);
});

t.test(
  'oauth – a wrong or missing verifier, a replayed code and a changed redirect are refused',
  async (t) => {
    const server = await fakeDiscordForTest(t);
    const { alice } = seedGuild(server);
    server.control.oauth.autoApprove(alice.id);
    const codeFor = async (challenge: string) => {
      const res = await fetch(
        `${server.url}/oauth2/authorize?${authorizeQuery(server, { code_challenge: challenge })}`,
        {
          redirect: 'manual',
        },
      );
      t.equal(res.status, 302, 'auto-approve answers at once');
      return new URL(res.headers.get('location')!).searchParams.get('code')!;
    };
    const { verifier, challenge } = pkce();
    const grant = (code: string, extra: Record<string, string> = {}) =>
      exchange(server, { grant_type: 'authorization_code', code, redirect_uri: redirectUri, ...extra });

    t.match(await grant(await codeFor(challenge), { code_verifier: pkce().verifier }), {
      status: 400,
      body: { error: 'invalid_grant', error_description: /code_verifier/ },
    });
    t.match(await grant(await codeFor(challenge)), { status: 400, body: { error: 'invalid_request' } });
    t.match(
      await grant(await codeFor(challenge), {
        code_verifier: verifier,
        redirect_uri: 'http://127.0.0.1:9/x',
      }),
      {
        status: 400,
        body: { error: 'invalid_grant', error_description: /redirect_uri/ },
      },
    );

    const code = await codeFor(challenge);
    const first = await grant(code, { code_verifier: verifier });
    t.equal(first.status, 200);
    t.match(await grant(code, { code_verifier: verifier }), {
      status: 400,
      body: { error: 'invalid_grant' },
    });
    const me = await fetch(`${server.apiUrl}/v10/users/@me`, asUser(first.body.access_token as string));
    t.equal(me.status, 401, 'a replayed code revokes the tokens it bought');
  },
);

t.test(
  'oauth – Cancel redirects with access_denied and the state; bad requests get a page or an error',
  async (t) => {
    const server = await fakeDiscordForTest(t);
    const { alice } = seedGuild(server);
    const denied = await submitConsent(
      server,
      authorizeQuery(server, { code_challenge: pkce().challenge }),
      alice.id,
      'cancel',
    );
    t.equal(denied.location.searchParams.get('error'), 'access_denied');
    t.equal(denied.location.searchParams.get('state'), 'st-123');
    t.equal(denied.location.searchParams.get('code'), null);

    const page = await fetch(`${server.url}/oauth2/authorize?${authorizeQuery(server, { client_id: '42' })}`);
    t.equal(page.status, 400);
    t.match(await page.text(), /Unknown application/);
    const badRedirect = await fetch(
      `${server.url}/oauth2/authorize?${authorizeQuery(server, { redirect_uri: 'javascript:alert(1)' })}`,
    );
    t.equal(badRedirect.status, 400, 'an unusable redirect URI is never redirected to');
    const badScope = await fetch(
      `${server.url}/oauth2/authorize?${authorizeQuery(server, { scope: 'identify bot.admin' })}`,
      {
        redirect: 'manual',
      },
    );
    t.equal(new URL(badScope.headers.get('location')!).searchParams.get('error'), 'invalid_scope');
    const badMethod = await fetch(
      `${server.url}/oauth2/authorize?${authorizeQuery(server, { code_challenge: pkce().challenge, code_challenge_method: 'MD5' })}`,
      { redirect: 'manual' },
    );
    t.equal(new URL(badMethod.headers.get('location')!).searchParams.get('error'), 'invalid_request');
  },
);

t.test('oauth – client authentication, body type and grant types of the token endpoint', async (t) => {
  const server = await fakeDiscordForTest(t);
  t.match(await exchange(server, { grant_type: 'authorization_code', code: 'x' }, false), {
    status: 401,
    body: { error: 'invalid_client' },
  });
  const { clientId, clientSecret } = server.control.oauth;
  t.match(
    await exchange(
      server,
      { grant_type: 'password', client_id: clientId, client_secret: clientSecret },
      false,
    ),
    { status: 400, body: { error: 'unsupported_grant_type' } },
  );
  const json = await fetch(`${server.apiUrl}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'authorization_code' }),
  });
  t.equal(json.status, 400);
  t.match(await json.json(), { error: 'invalid_request', error_description: /x-www-form-urlencoded/ });
});

t.test(
  'oauth – refresh_token rotates; revoked and unknown tokens get 401; bearer tokens stay off bot routes',
  async (t) => {
    const server = await fakeDiscordForTest(t);
    const { alice, text } = seedGuild(server);
    server.control.oauth.autoApprove(alice.id);
    const res = await fetch(
      `${server.url}/oauth2/authorize?${authorizeQuery(server, { state: undefined })}`,
      {
        redirect: 'manual',
      },
    );
    const location = new URL(res.headers.get('location')!);
    t.equal(location.searchParams.has('state'), false, 'no state asked, none sent back');
    const first = await exchange(server, {
      grant_type: 'authorization_code',
      code: location.searchParams.get('code')!,
      redirect_uri: redirectUri,
    });
    const refreshed = await exchange(server, {
      grant_type: 'refresh_token',
      refresh_token: first.body.refresh_token as string,
    });
    t.equal(refreshed.status, 200);
    t.not(refreshed.body.refresh_token, first.body.refresh_token);
    t.match(
      await exchange(server, {
        grant_type: 'refresh_token',
        refresh_token: first.body.refresh_token as string,
      }),
      {
        status: 400,
        body: { error: 'invalid_grant' },
      },
    );
    const access = refreshed.body.access_token as string;
    const channel = await fetch(`${server.apiUrl}/v10/channels/${text.id}`, asUser(access));
    t.equal(channel.status, 401, 'a user token cannot act as the bot');
    t.equal((await fetch(`${server.apiUrl}/v10/users/@me`, asUser('nope'))).status, 401);
    t.equal(server.control.oauth.revokeUser(alice.id) > 0, true);
    t.equal((await fetch(`${server.apiUrl}/v10/users/@me`, asUser(access))).status, 401);
  },
);

t.test('oauth – /users/@me/guilds is rate-limited per token like Discord', async (t) => {
  const server = await fakeDiscordForTest(t, { oauthGuildsWindowMs: 60_000 });
  const { alice, sam, owner } = seedGuild(server);
  const tokenOf = async (userId: string) => {
    server.control.oauth.autoApprove(userId);
    const res = await fetch(`${server.url}/oauth2/authorize?${authorizeQuery(server)}`, {
      redirect: 'manual',
    });
    const code = new URL(res.headers.get('location')!).searchParams.get('code')!;
    return (await exchange(server, { grant_type: 'authorization_code', code, redirect_uri: redirectUri }))
      .body.access_token as string;
  };
  const aliceToken = await tokenOf(alice.id);
  const samToken = await tokenOf(sam.id);
  t.equal((await fetch(`${server.apiUrl}/v10/users/@me/guilds`, asUser(aliceToken))).status, 200);
  const limited = await fetch(`${server.apiUrl}/v10/users/@me/guilds`, asUser(aliceToken));
  t.equal(limited.status, 429);
  t.match(await limited.json(), {
    message: 'You are being rate limited.',
    retry_after: Number,
    global: false,
  });
  t.ok(Number(limited.headers.get('retry-after')) > 0);
  t.equal(
    (await fetch(`${server.apiUrl}/v10/users/@me/guilds`, asUser(samToken))).status,
    200,
    'another user has their own bucket',
  );
  const bad = await fetch(`${server.apiUrl}/v10/users/@me/guilds?after=abc`, asUser(await tokenOf(owner.id)));
  t.equal(bad.status, 400);
  t.match(await bad.json(), { code: 50035, errors: { after: [{ code: 'NUMBER_TYPE_COERCE' }] } });
});

t.test('oauth – the control API over HTTP switches auto-approval', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { sam } = seedGuild(server);
  const post = (body: unknown) =>
    fetch(`${server.url}/__control/oauth/auto-approve`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  t.equal((await post({ userId: sam.id })).status, 204);
  const res = await fetch(`${server.url}/oauth2/authorize?${authorizeQuery(server)}`, { redirect: 'manual' });
  t.equal(res.status, 302);
  t.equal((await post({ userId: server.botUser.id })).status, 400, 'the bot cannot sign in');
  t.equal((await post({ userId: null })).status, 204);
  const page = await fetch(`${server.url}/oauth2/authorize?${authorizeQuery(server)}`, {
    redirect: 'manual',
  });
  t.equal(page.status, 200, 'the consent page again');
  const info = (await (await fetch(`${server.url}/__control/oauth`)).json()) as { clientId: string };
  t.equal(info.clientId, server.applicationId);
});

t.test(
  "guilds – a guild created withBot: false is in its users' lists but Missing Access to the bot",
  async (t) => {
    const server = await fakeDiscordForTest(t);
    const { alice } = seedGuild(server);
    const botless = server.control.createGuild({ name: 'No bot here', ownerId: alice.id, withBot: false });
    const asBot = { headers: { authorization: `Bot ${server.token}` } };
    const res = await fetch(`${server.apiUrl}/v10/guilds/${botless.id}`, asBot);
    t.equal(res.status, 403);
    t.match(await res.json(), { code: 50001, message: 'Missing Access' });
    const botGuilds = (await (await fetch(`${server.apiUrl}/v10/users/@me/guilds`, asBot)).json()) as Array<{
      id: string;
    }>;
    t.notOk(
      botGuilds.some((g) => g.id === botless.id),
      "not in the bot's own guild list",
    );
    server.control.oauth.autoApprove(alice.id);
    const authorize = await fetch(`${server.url}/oauth2/authorize?${authorizeQuery(server)}`, {
      redirect: 'manual',
    });
    const code = new URL(authorize.headers.get('location')!).searchParams.get('code')!;
    const token = await exchange(server, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
    });
    const list = (await (
      await fetch(`${server.apiUrl}/v10/users/@me/guilds`, asUser(token.body.access_token as string))
    ).json()) as Array<{
      id: string;
      owner: boolean;
    }>;
    t.match(
      list.find((g) => g.id === botless.id),
      { owner: true },
      'the owner sees it',
    );
  },
);
