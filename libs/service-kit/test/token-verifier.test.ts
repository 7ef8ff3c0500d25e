import { generateKeyPairSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { errorCodes } from '@guildwire/errors';
import t from 'tap';
import { createJwksKeyResolver, createTokenVerifier, signDevToken } from '../src/index.js';
import { auth, bearer, claims, craftToken, testApp } from './fixtures/service.js';

const verify = createTokenVerifier(auth);

t.test('verifier – a valid token resolves to its claims', async (t) => {
  const payload = claims();
  t.same(await verify(craftToken(payload)), payload);
});

t.test('verifier – an expired token rejects with GW_ERR_TOKEN_EXPIRED', async (t) => {
  const past = Math.floor(Date.now() / 1000) - 600;
  await t.rejects(verify(craftToken(claims({ iat: past, exp: past + 60 }))), errorCodes.GW_ERR_TOKEN_EXPIRED);
});

t.test('verifier – forged, unsigned and malformed tokens reject with GW_ERR_TOKEN_INVALID', async (t) => {
  const forged = [
    craftToken(claims(), { key: 'some-other-secret-of-sufficient-length!!' }),
    craftToken(claims(), { alg: 'none' }),
    craftToken(claims(), { alg: 'HS512' }),
    craftToken(claims({ guilds: { '1': 'superuser' } })),
    craftToken(claims({ exp: undefined })),
    'not-a-token',
  ];
  for (const token of forged) {
    await t.rejects(verify(token), { code: 'GW_ERR_TOKEN_INVALID', statusCode: 401 }, token.slice(0, 40));
  }
});

t.test('verifier – a token within the clock tolerance is accepted', async (t) => {
  const now = Math.floor(Date.now() / 1000);
  await t.resolves(verify(craftToken(claims({ iat: now - 60, exp: now - 2 }))));
});

t.test('verifier – setup refuses ambiguous or weak configurations', async (t) => {
  t.throws(() => createTokenVerifier({ issuer: 'a', audience: 'b' }), /exactly one/);
  t.throws(() => createTokenVerifier({ ...auth, secret: 'short' }), /32/);
  t.throws(() => createTokenVerifier({ ...auth, algorithms: ['RS256'] }), /RS256/);
});

t.test('verifier – JWKS keys are picked by kid', async (t) => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig' };
  let fetches = 0;
  const fakeFetch = (async () => {
    fetches += 1;
    return new Response(JSON.stringify({ keys: [jwk] }), { headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const resolve = createJwksKeyResolver('https://issuer.test/jwks.json', { fetch: fakeFetch });
  t.match(await resolve({ kid: 'k1', alg: 'RS256' }), /BEGIN PUBLIC KEY/);
  await t.rejects(resolve({ kid: 'unknown', alg: 'RS256' }), errorCodes.GW_ERR_TOKEN_INVALID);
  await t.rejects(resolve({ alg: 'RS256' }), errorCodes.GW_ERR_TOKEN_INVALID);
  await t.rejects(resolve({ kid: 'k1' }), errorCodes.GW_ERR_TOKEN_INVALID);
  t.equal(fetches, 1, 'an unknown kid right after a fetch does not refetch');
  t.ok(privateKey);
});

t.test('dev token – signDevToken output verifies and carries the grant', async (t) => {
  const token = signDevToken({ sub: '42', guilds: { '4242': 'admin' }, ttlSeconds: 120 }, auth);
  const verified = await verify(token);
  t.match(verified, { sub: '42', guilds: { '4242': 'admin' }, iss: 'guildwire', aud: 'guildwire-dashboard' });
  t.equal(verified.exp - verified.iat, 120);
  t.throws(() => signDevToken({ sub: 'bob', guilds: {} }, auth), /sub/);
  t.throws(() => signDevToken({ sub: '1', guilds: {}, ttlSeconds: 0 }, auth), /ttlSeconds/);
});

t.test('verifier – an app configured with a JWKS endpoint verifies RS256 tokens by kid', async (t) => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwks = JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig' }] });
  const server = createServer((_req, res) => res.setHeader('content-type', 'application/json').end(jwks));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  const jwksAuth = {
    jwks: { url: `http://127.0.0.1:${port}/jwks.json` },
    issuer: auth.issuer,
    audience: auth.audience,
  };
  const app = await testApp(t, { auth: jwksAuth });
  app.get('/v1/guilds/:guildId/x', { preHandler: app.requireGuildRole('member') }, async () => ({
    ok: true,
  }));
  const good = craftToken(claims(), { alg: 'RS256', key: privateKey, kid: 'k1' });
  t.equal((await app.inject({ url: '/v1/guilds/4242/x', headers: bearer(good) })).statusCode, 200);
  const unknownKid = craftToken(claims(), { alg: 'RS256', key: privateKey, kid: 'k2' });
  const res = await app.inject({ url: '/v1/guilds/4242/x', headers: bearer(unknownKid) });
  t.equal(res.statusCode, 401);
  t.equal(res.json().error.code, 'GW_ERR_TOKEN_INVALID');
  t.same(await app.verifyToken(good), await createTokenVerifier(jwksAuth)(good));
});
