import t from 'tap';
import {
  accessToken,
  browser,
  callbackPath,
  claimsOf,
  consent,
  signIn,
  startDashboard,
  startStack,
} from './fixtures.js';

const stack = await startStack(t);
const { app } = await startDashboard(t, stack);
const { people, guilds } = stack.world;

t.test('login – consent page → callback → session cookie → access token (PKCE, state, S256)', async (t) => {
  const b = browser(app);
  const login = await b.get('/auth/login?returnTo=/tickets%3Fstatus%3Dopen');
  t.equal(login.statusCode, 302);
  const authorize = new URL(login.headers.location as string);
  t.equal(authorize.origin, stack.discord.url);
  t.equal(authorize.pathname, '/oauth2/authorize');
  t.match(Object.fromEntries(authorize.searchParams), {
    response_type: 'code',
    client_id: stack.discord.applicationId,
    scope: 'identify guilds',
    redirect_uri: 'http://127.0.0.1:3106/auth/callback',
    code_challenge_method: 'S256',
    code_challenge: /^[A-Za-z0-9_-]{43}$/,
    state: /^[A-Za-z0-9_-]{43}$/,
  });
  const loginCookie = login.cookies.find((c) => c.name === 'gw_login');
  t.match(loginCookie, {
    httpOnly: true,
    secure: true,
    sameSite: 'Lax',
    path: '/auth/callback',
    maxAge: 600,
  });
  t.notMatch(
    loginCookie?.value,
    authorize.searchParams.get('code_challenge')!,
    'the verifier is not the challenge',
  );

  const redirect = await consent(authorize.toString(), people.owner.id);
  t.equal(redirect.searchParams.get('state'), authorize.searchParams.get('state'));
  const callback = await b.get(callbackPath(redirect));
  t.equal(callback.statusCode, 303);
  t.equal(callback.headers.location, '/tickets?status=open', 'back where the sign-in began');
  const refresh = callback.cookies.find((c) => c.name === 'gw_refresh');
  t.match(refresh, { httpOnly: true, secure: true, sameSite: 'Strict', path: '/auth' });
  t.notOk(b.jar.has('gw_login'), 'the login cookie is spent');

  const token = await accessToken(b);
  t.equal(token.status, 200);
  t.match(token.body, {
    tokenType: 'Bearer',
    expiresIn: 600,
    user: { id: people.owner.id, username: 'owner' },
    guilds: [{ id: guilds.main, name: 'Main', role: 'admin' }],
  });
  const claims = claimsOf(token.body.accessToken);
  t.match(claims, { sub: people.owner.id, iss: 'guildwire', aud: 'guildwire-dashboard' });
  t.same(claims.guilds, { [guilds.main]: 'admin' }, 'the botless guild the owner also owns is not granted');
  const header = JSON.parse(Buffer.from(token.body.accessToken.split('.')[0]!, 'base64url').toString());
  t.match(header, { alg: 'EdDSA', kid: String });
});

t.test('login – a code is bound to the browser that asked for it (PKCE) and redeemed once', async (t) => {
  // Browser A's code delivered to browser B with B's own state: the state check passes, but B's
  // verifier does not answer A's challenge, so Discord refuses the code.
  const a = browser(app);
  const aLogin = await a.get('/auth/login');
  const aRedirect = await consent(aLogin.headers.location as string, people.plain.id);
  const b = browser(app);
  const bLogin = await b.get('/auth/login');
  const bState = new URL(bLogin.headers.location as string).searchParams.get('state')!;
  const stolen = await b.get(`/auth/callback?code=${aRedirect.searchParams.get('code')}&state=${bState}`);
  t.equal(stolen.statusCode, 400);
  t.match(stolen.json(), { error: { code: 'DASHBOARD_ERR_LOGIN_FAILED', message: /invalid_grant/ } });

  // The code Discord refused once was never redeemed: A still signs in with it. Then a replay of
  // the same code through a fresh attempt of A is refused.
  t.equal((await a.get(callbackPath(aRedirect))).statusCode, 303);
  const again = await a.get('/auth/login');
  const state = new URL(again.headers.location as string).searchParams.get('state')!;
  const replay = await a.get(`/auth/callback?code=${aRedirect.searchParams.get('code')}&state=${state}`);
  t.equal(replay.statusCode, 400);
  t.match(replay.json(), { error: { code: 'DASHBOARD_ERR_LOGIN_FAILED' } });
});

t.test('login – a state mismatch or a missing login cookie is refused with 400', async (t) => {
  const b = browser(app);
  const login = await b.get('/auth/login');
  const redirect = await consent(login.headers.location as string, people.plain.id);
  redirect.searchParams.set('state', 'forged-state');
  const mismatch = await b.get(callbackPath(redirect));
  t.equal(mismatch.statusCode, 400);
  t.match(mismatch.json(), { error: { code: 'DASHBOARD_ERR_LOGIN_STATE', message: /state/ } });

  const other = browser(app);
  const fresh = await consent(
    (await browser(app).get('/auth/login')).headers.location as string,
    people.plain.id,
  );
  const noCookie = await other.get(callbackPath(fresh));
  t.equal(noCookie.statusCode, 400);
  t.match(noCookie.json(), {
    error: { code: 'DASHBOARD_ERR_LOGIN_STATE', message: /did not start the sign-in/ },
  });

  const tampered = browser(app);
  const started = await tampered.get('/auth/login');
  const loginCookie = tampered.jar.get('gw_login')!;
  loginCookie.value = `${loginCookie.value.slice(0, -3)}abc`;
  const forged = await tampered.get(
    callbackPath(await consent(started.headers.location as string, people.plain.id)),
  );
  t.equal(forged.statusCode, 400, 'a cookie whose signature does not verify is no attempt');
});

t.test('login – Cancel on the consent page: 403, and a page for a browser', async (t) => {
  const b = browser(app);
  const login = await b.get('/auth/login');
  const redirect = await consent(login.headers.location as string, people.plain.id, 'cancel');
  t.equal(redirect.searchParams.get('error'), 'access_denied');
  const page = await b.get(callbackPath(redirect), { accept: 'text/html,application/xhtml+xml' });
  t.equal(page.statusCode, 403);
  t.match(page.headers['content-type'], /text\/html/);
  t.match(page.body, /not authorized: the consent was cancelled/);
  t.match(page.body, /href="\/auth\/login"/, 'with the way back in');
  t.notOk(b.jar.has('gw_refresh'));
});

t.test('login – Discord down: 502 with a message, no session', async (t) => {
  const { app: cut } = await startDashboard(t, stack, { DISCORD_API_URL: 'http://127.0.0.1:9/api' });
  const b = browser(cut);
  const login = await b.get('/auth/login');
  const redirect = await consent(login.headers.location as string, people.plain.id);
  const res = await b.get(callbackPath(redirect));
  t.equal(res.statusCode, 502);
  t.match(res.json(), {
    error: { code: 'DASHBOARD_ERR_DISCORD_UNAVAILABLE', message: /Discord did not answer/ },
  });
  t.notOk(b.jar.has('gw_refresh'));
});

t.test('login – returnTo never leaves the site', async (t) => {
  for (const returnTo of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'tickets']) {
    const b = browser(app);
    const res = await signIn(b, people.plain.id, returnTo);
    t.equal(res.headers.location, '/', returnTo);
  }
});

t.test('login – the JWKS publishes the signing key; / says how to build the app', async (t) => {
  const jwks = await app.inject({ url: '/.well-known/jwks.json' });
  t.equal(jwks.statusCode, 200);
  t.match(jwks.headers['cache-control'], /max-age=300/);
  const { keys } = jwks.json() as { keys: Array<Record<string, string>> };
  t.equal(keys.length, 1);
  t.match(keys[0], { kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid: String, x: String });
  t.notOk('d' in keys[0]!, 'no private part');
  const home = await app.inject({ url: '/' });
  t.match(home.body, /DASHBOARD_STATIC_DIR/);
  t.match(home.body, /href="\/auth\/login"/);
});
