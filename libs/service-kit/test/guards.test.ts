import { generateKeyPairSync } from 'node:crypto';
import t from 'tap';
import { Type } from 'typebox';
import { requireGuildRole, signDevToken } from '../src/index.js';
import { auth, bearer, claims, craftToken, testApp } from './fixtures/service.js';

async function guardedApp(t: Parameters<typeof testApp>[0]) {
  const app = await testApp(t);
  app.get(
    '/v1/guilds/:guildId/tickets',
    {
      preHandler: app.requireGuildRole('staff'),
      schema: { params: Type.Object({ guildId: Type.String() }) },
    },
    async (request) => ({ user: request.user.sub, role: request.user.guilds[request.params.guildId] }),
  );
  app.get('/v1/guilds/:guildId/settings', { onRequest: requireGuildRole('admin') }, async () => ({
    ok: true,
  }));
  return app;
}

const get = (
  app: Awaited<ReturnType<typeof guardedApp>>,
  url: string,
  headers: Record<string, string> = {},
) => app.inject({ method: 'GET', url, headers });

t.test('guard – a valid token with the needed role passes and sets request.user', async (t) => {
  const app = await guardedApp(t);
  const res = await get(app, '/v1/guilds/4242/tickets', bearer(craftToken(claims())));
  t.equal(res.statusCode, 200);
  t.same(res.json(), { user: '123', role: 'staff' });
});

t.test('guard – a higher role than required passes', async (t) => {
  const app = await guardedApp(t);
  const res = await get(app, '/v1/guilds/1/tickets', bearer(craftToken(claims())));
  t.equal(res.statusCode, 200);
});

t.test('guard – a token from signDevToken passes', async (t) => {
  const app = await guardedApp(t);
  const token = signDevToken({ sub: '9', guilds: { '4242': 'admin' }, ttlSeconds: 60 }, auth);
  const res = await get(app, '/v1/guilds/4242/settings', bearer(token));
  t.equal(res.statusCode, 200);
});

t.test('guard – a missing Authorization header is 401 GW_ERR_UNAUTHORIZED', async (t) => {
  const app = await guardedApp(t);
  const res = await get(app, '/v1/guilds/4242/tickets');
  t.equal(res.statusCode, 401);
  t.equal(res.json().error.code, 'GW_ERR_UNAUTHORIZED');
  t.match(res.headers['www-authenticate'], /^Bearer/);
});

t.test('guard – a non-bearer Authorization header is 401', async (t) => {
  const app = await guardedApp(t);
  const res = await get(app, '/v1/guilds/4242/tickets', { authorization: 'Basic dXNlcjpwYXNz' });
  t.equal(res.statusCode, 401);
  t.equal(res.json().error.code, 'GW_ERR_UNAUTHORIZED');
});

t.test('guard – an expired token is 401 GW_ERR_TOKEN_EXPIRED', async (t) => {
  const app = await guardedApp(t);
  const past = Math.floor(Date.now() / 1000) - 3600;
  const res = await get(
    app,
    '/v1/guilds/4242/tickets',
    bearer(craftToken(claims({ iat: past, exp: past + 60 }))),
  );
  t.equal(res.statusCode, 401);
  t.equal(res.json().error.code, 'GW_ERR_TOKEN_EXPIRED');
  t.match(res.headers['www-authenticate'], /invalid_token/);
});

t.test('guard – a wrong signature is 401 GW_ERR_TOKEN_INVALID', async (t) => {
  const app = await guardedApp(t);
  const forged = craftToken(claims(), { key: 'another-secret-that-is-long-enough-to-pass!!' });
  const res = await get(app, '/v1/guilds/4242/tickets', bearer(forged));
  t.equal(res.statusCode, 401);
  t.equal(res.json().error.code, 'GW_ERR_TOKEN_INVALID');
});

t.test('guard – a remembered token is refused once it expires', async (t) => {
  const app = await testApp(t, { auth: { ...auth, clockToleranceSeconds: 0 } });
  app.get('/v1/guilds/:guildId/x', { preHandler: app.requireGuildRole('member') }, async () => ({ ok: 1 }));
  const now = Math.floor(Date.now() / 1000);
  const token = craftToken(claims({ iat: now, exp: now + 1 }));
  const first = await get(app as never, '/v1/guilds/4242/x', bearer(token));
  t.equal(first.statusCode, 200, 'valid (and now remembered)');
  await new Promise((resolve) => setTimeout(resolve, (now + 1) * 1000 - Date.now() + 50));
  const later = await get(app as never, '/v1/guilds/4242/x', bearer(token));
  t.equal(later.statusCode, 401, 'the remembered verdict does not outlive exp');
  t.equal(later.json().error.code, 'GW_ERR_TOKEN_EXPIRED');
});

t.test('guard – the same claims with another signature are verified afresh', async (t) => {
  const app = await guardedApp(t);
  const payload = claims();
  const good = await get(app, '/v1/guilds/4242/tickets', bearer(craftToken(payload)));
  t.equal(good.statusCode, 200);
  const forged = craftToken(payload, { key: 'another-secret-that-is-long-enough-to-pass!!' });
  const bad = await get(app, '/v1/guilds/4242/tickets', bearer(forged));
  t.equal(bad.statusCode, 401);
  t.equal(bad.json().error.code, 'GW_ERR_TOKEN_INVALID');
  // And a refusal is not turned into an acceptance by a later valid request.
  const again = await get(app, '/v1/guilds/4242/tickets', bearer(forged));
  t.equal(again.statusCode, 401);
});

t.test('guard – an alg none token is 401', async (t) => {
  const app = await guardedApp(t);
  for (const alg of ['none', 'None', 'NONE']) {
    const res = await get(app, '/v1/guilds/4242/tickets', bearer(craftToken(claims(), { alg })));
    t.equal(res.statusCode, 401, alg);
    t.equal(res.json().error.code, 'GW_ERR_TOKEN_INVALID', alg);
  }
});

t.test('guard – an HS512 token is 401 when only HS256 is configured', async (t) => {
  const app = await guardedApp(t);
  const res = await get(app, '/v1/guilds/4242/tickets', bearer(craftToken(claims(), { alg: 'HS512' })));
  t.equal(res.statusCode, 401);
  t.equal(res.json().error.code, 'GW_ERR_TOKEN_INVALID');
});

t.test('guard – an RS256 token is 401 when only HS256 is configured', async (t) => {
  const app = await guardedApp(t);
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const res = await get(
    app,
    '/v1/guilds/4242/tickets',
    bearer(craftToken(claims(), { alg: 'RS256', key: privateKey })),
  );
  t.equal(res.statusCode, 401);
  t.equal(res.json().error.code, 'GW_ERR_TOKEN_INVALID');
});

t.test('guard – a token for another issuer or audience is 401', async (t) => {
  const app = await guardedApp(t);
  for (const override of [{ iss: 'evil' }, { aud: 'other-app' }]) {
    const res = await get(app, '/v1/guilds/4242/tickets', bearer(craftToken(claims(override))));
    t.equal(res.statusCode, 401, JSON.stringify(override));
  }
});

t.test('guard – a guild the token does not grant is 403 GW_ERR_FORBIDDEN', async (t) => {
  const app = await guardedApp(t);
  const res = await get(app, '/v1/guilds/999/tickets', bearer(craftToken(claims())));
  t.equal(res.statusCode, 403);
  t.equal(res.json().error.code, 'GW_ERR_FORBIDDEN');
});

t.test('guard – a member on a staff route is 403', async (t) => {
  const app = await guardedApp(t);
  const res = await get(app, '/v1/guilds/77/tickets', bearer(craftToken(claims())));
  t.equal(res.statusCode, 403);
  t.match(res.json().error.message, /staff/);
});

t.test('guard – staff on an admin route is 403', async (t) => {
  const app = await guardedApp(t);
  const res = await get(app, '/v1/guilds/4242/settings', bearer(craftToken(claims())));
  t.equal(res.statusCode, 403);
});

t.test('guard – malformed claims are 401 naming the claim', async (t) => {
  const app = await guardedApp(t);
  const cases: Array<[string, Record<string, unknown>]> = [
    ['guilds', { guilds: { '4242': 'owner' } }],
    ['guilds', { guilds: ['4242'] }],
    ['guilds', { guilds: { 'not-a-snowflake': 'admin' } }],
    ['guilds', { guilds: undefined }],
    ['sub', { sub: 'alice' }],
    ['sub', { sub: 123 }],
  ];
  for (const [claim, override] of cases) {
    const res = await get(app, '/v1/guilds/4242/tickets', bearer(craftToken(claims(override))));
    t.equal(res.statusCode, 401, JSON.stringify(override));
    t.equal(res.json().error.code, 'GW_ERR_TOKEN_INVALID');
    t.match(res.json().error.message, claim);
  }
});

t.test('guard – garbage instead of a token is 401', async (t) => {
  const app = await guardedApp(t);
  for (const token of ['abc', 'a.b.c', '...', 'eyJhbGciOiJIUzI1NiJ9.e30']) {
    const res = await get(app, '/v1/guilds/4242/tickets', bearer(token));
    t.equal(res.statusCode, 401, token);
  }
});

t.test('guard – requireGuildRole on a route without :guildId fails at registration', async (t) => {
  const app = await testApp(t);
  t.throws(() => app.get('/v1/me', { preHandler: app.requireGuildRole('member') }, async () => ({})), {
    message: /:guildId/,
  });
});

t.test('guard – requireAuthentication lets any valid token through', async (t) => {
  const app = await testApp(t);
  app.get('/v1/me', { preHandler: app.requireAuthentication() }, async (request) => ({
    sub: request.user.sub,
  }));
  t.equal((await app.inject({ url: '/v1/me' })).statusCode, 401);
  const res = await app.inject({ url: '/v1/me', headers: bearer(craftToken(claims({ guilds: {} }))) });
  t.same(res.json(), { sub: '123' });
});

t.test('guard – an EdDSA public key verifies EdDSA tokens and refuses HS256 ones', async (t) => {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const app = await testApp(t, { auth: { publicKey: pem, issuer: auth.issuer, audience: auth.audience } });
  app.get('/v1/guilds/:guildId/x', { preHandler: app.requireGuildRole('member') }, async () => ({
    ok: true,
  }));
  const good = await app.inject({
    url: '/v1/guilds/4242/x',
    headers: bearer(craftToken(claims(), { alg: 'EdDSA', key: privateKey })),
  });
  t.equal(good.statusCode, 200);
  // HS256 signed with the public key's text: the classic key-confusion attack.
  const confused = craftToken(claims(), { alg: 'HS256', key: pem });
  const bad = await app.inject({ url: '/v1/guilds/4242/x', headers: bearer(confused) });
  t.equal(bad.statusCode, 401);
});
