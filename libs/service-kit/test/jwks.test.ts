import { generateKeyPairSync, type JsonWebKey } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t, { type Test } from 'tap';
import {
  createTokenSigner,
  createTokenVerifier,
  exportSigningKey,
  generateSigningKey,
  jwkThumbprint,
  parseSigningKey,
  type SigningKey,
  signDevToken,
  signingKeyFrom,
} from '../src/index.js';
import { auth, bearer, claims, craftToken, testApp } from './fixtures/service.js';

/** A JWKS endpoint over real HTTP whose key list a test changes; counts its fetches. */
async function jwksServer(t: Test, keys: SigningKey[]) {
  const state = { keys, fetches: 0, down: false };
  const server = createServer((_req, res) => {
    state.fetches += 1;
    if (state.down) return res.writeHead(503).end();
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys: state.keys.map((k) => k.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, { url: `http://127.0.0.1:${port}/.well-known/jwks.json` });
}

const grant = { sub: '123', guilds: { '4242': 'staff' as const }, ttlSeconds: 600 };
const claimsOptions = { issuer: auth.issuer, audience: auth.audience };

t.test('signing keys – PEM and JWK parse to the same key; the kid is the RFC 7638 thumbprint', async (t) => {
  const key = generateSigningKey();
  t.equal(key.algorithm, 'EdDSA');
  t.equal(key.kid, jwkThumbprint(key.publicJwk));
  const pem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  t.equal(parseSigningKey(pem).kid, key.kid, 'a PEM gets the same, stable kid');
  t.equal(parseSigningKey(JSON.stringify(exportSigningKey(key))).kid, key.kid);
  const named = { ...exportSigningKey(key), kid: '2026-01' };
  t.equal(parseSigningKey(JSON.stringify(named)).kid, '2026-01', "a JWK's own kid is kept");
  const ec = signingKeyFrom(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  t.equal(ec.algorithm, 'ES256');
  t.same(Object.keys(ec.publicJwk).sort(), ['alg', 'crv', 'kid', 'kty', 'use', 'x', 'y']);
  t.notOk('d' in key.publicJwk, 'the published JWK has no private part');
  t.throws(() => parseSigningKey('not a key'), /neither a PEM nor a JWK/);
  t.throws(() => parseSigningKey(JSON.stringify(key.publicJwk)), /no private part/);
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
  t.throws(() => signingKeyFrom(rsa), /Ed25519 \(EdDSA\) or P-256/);
});

t.test('jwks – EdDSA and ES256 tokens verify by kid; both keys of a rotation are accepted', async (t) => {
  const current = generateSigningKey();
  const previous = signingKeyFrom(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
  const server = await jwksServer(t, [current, previous]);
  const verify = createTokenVerifier({ jwks: { url: server.url }, ...claimsOptions });
  for (const key of [current, previous]) {
    const verified = await verify(createTokenSigner(key, claimsOptions)(grant));
    t.match(verified, { sub: '123', guilds: { '4242': 'staff' } }, `${key.algorithm} token`);
  }
  t.equal(server.fetches, 1, 'one fetch serves both keys');
  const dev = signDevToken(grant, { ...claimsOptions, signingKey: current });
  t.match(await verify(dev), { sub: '123' }, 'signDevToken signs with the key when given one');
});

t.test(
  'jwks – a rotated-in key is fetched on its first token, no sooner than the refetch floor',
  async (t) => {
    const first = generateSigningKey();
    const server = await jwksServer(t, [first]);
    const floored = createTokenVerifier({
      jwks: { url: server.url, minRefetchMs: 3_600_000 },
      ...claimsOptions,
    });
    const eager = createTokenVerifier({ jwks: { url: server.url, minRefetchMs: 0 }, ...claimsOptions });
    await floored(createTokenSigner(first, claimsOptions)(grant));
    await eager(createTokenSigner(first, claimsOptions)(grant));
    const next = generateSigningKey();
    server.keys = [next, first];
    const rotated = createTokenSigner(next, claimsOptions)(grant);
    const before = server.fetches;
    await t.rejects(floored(rotated), {
      code: 'GW_ERR_TOKEN_INVALID',
      message: `the token names an unknown key id (${next.kid})`,
    });
    t.equal(server.fetches, before, 'within the floor an unknown kid costs no fetch');
    t.match(await eager(rotated), { sub: '123' }, 'past the floor the new key is fetched and accepted');
    t.equal(server.fetches, before + 1);
  },
);

t.test(
  'jwks – wrong key, expired, HS256 and mismatched algorithms get 401 with a clear message',
  async (t) => {
    const key = generateSigningKey();
    const server = await jwksServer(t, [key]);
    const app = await testApp(t, { auth: { jwks: { url: server.url }, ...claimsOptions } });
    app.get('/v1/guilds/:guildId/x', { preHandler: app.requireGuildRole('member') }, async () => ({
      ok: true,
    }));
    const call = async (token: string) => {
      const res = await app.inject({ url: '/v1/guilds/4242/x', headers: bearer(token) });
      return { status: res.statusCode, error: res.json().error };
    };
    t.equal((await call(createTokenSigner(key, claimsOptions)(grant))).status, 200);

    // Same kid, another key: the signature does not verify.
    const impostor = signingKeyFrom(generateKeyPairSync('ed25519').privateKey, key.kid);
    t.match(await call(createTokenSigner(impostor, claimsOptions)(grant)), {
      status: 401,
      error: { code: 'GW_ERR_TOKEN_INVALID', message: /signature is invalid/ },
    });
    const past = Math.floor(Date.now() / 1000) - 3600;
    const expired = craftToken(claims({ iat: past, exp: past + 600 }), {
      alg: 'EdDSA',
      key: key.privateKey,
      kid: key.kid,
    });
    t.match(await call(expired), { status: 401, error: { code: 'GW_ERR_TOKEN_EXPIRED' } });
    // Key confusion: an HS256 token "signed" with the published public key as its secret.
    const publicPem = JSON.stringify(key.publicJwk);
    const confused = craftToken(claims(), { alg: 'HS256', key: publicPem, kid: key.kid });
    t.match(await call(confused), {
      status: 401,
      error: {
        code: 'GW_ERR_TOKEN_INVALID',
        message: /signed with HS256; this service accepts EdDSA, ES256, RS256/,
      },
    });
    t.match(await call(craftToken(claims(), { alg: 'none', kid: key.kid })), { status: 401 });
    // An RS256 header naming the Ed25519 key: refused before any signature check.
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    t.match(await call(craftToken(claims(), { alg: 'RS256', key: rsa, kid: key.kid })), {
      status: 401,
      error: { message: `key ${key.kid} does not sign RS256 tokens` },
    });
    t.match(await call(createTokenSigner(generateSigningKey(), claimsOptions)(grant)), {
      status: 401,
      error: { message: /unknown key id/ },
    });
  },
);

t.test('jwks – an unreachable key endpoint answers 503, and is not asked once per request', async (t) => {
  const server = await jwksServer(t, []);
  server.down = true;
  const verify = createTokenVerifier({ jwks: { url: server.url }, ...claimsOptions });
  const token = createTokenSigner(generateSigningKey(), claimsOptions)(grant);
  for (let i = 0; i < 5; i++) {
    await t.rejects(verify(token), { code: 'GW_ERR_UNAVAILABLE', statusCode: 503 });
  }
  t.equal(server.fetches, 1, 'failures pause the fetching for a second');
});

t.test('signer – refuses a grant the services would refuse', async (t) => {
  const sign = createTokenSigner(generateSigningKey(), claimsOptions);
  t.throws(() => sign({ ...grant, sub: 'alice' }), /claim sub is malformed/);
  t.throws(() => sign({ ...grant, ttlSeconds: 0 }), /ttlSeconds/);
  const jwk: JsonWebKey = generateSigningKey().publicJwk;
  t.equal(jwk.use, 'sig');
});
