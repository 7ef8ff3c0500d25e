import { createHmac, type KeyObject, sign } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { closeCodes, protocolName, streamPath } from '@guildwire/realtime-client/protocol';
import { createTokenSigner, generateSigningKey, type ServiceApp } from '@guildwire/service-kit';
import { spawnService } from '@guildwire/testkit';
import t from 'tap';
import WebSocket from 'ws';
import type { KeyRing } from '../src/keys/key-ring.js';
import { accessToken, browser, signIn, startDashboard, startStack } from './fixtures.js';

const stack = await startStack(t);
const { people, guilds } = stack.world;
const keyA = generateSigningKey();
const keyB = generateSigningKey();
const ring = (current: typeof keyA, previous?: typeof keyA): KeyRing => ({
  current,
  published: previous === undefined ? [current] : [current, previous],
  generated: false,
});

/** The dashboard on a real port (the other services fetch its JWKS over HTTP). */
async function listening(keys: KeyRing, port = 0): Promise<{ app: ServiceApp; port: number }> {
  const { app } = await startDashboard(t, stack, {}, { keyRing: keys });
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  return { app, port: typeof address === 'object' && address !== null ? address.port : 0 };
}

let dashboard = await listening(ring(keyA));
const jwksUrl = `http://127.0.0.1:${dashboard.port}/.well-known/jwks.json`;
const verifierEnv = {
  JWT_JWKS_URL: jwksUrl,
  // A rotated key is picked up by its first token (tests; the default floor is 30 s).
  JWT_JWKS_MIN_REFETCH_MS: '0',
  NATS_URL: stack.natsUrl,
  NATS_NAMESPACE: stack.bus.namespace,
  LOG_LEVEL: 'warn',
};
const main = (name: string) => fileURLToPath(new URL(`../../${name}/src/main.ts`, import.meta.url));
const ticket = await spawnService(main('ticket'), { t, env: { ...verifierEnv, DATABASE_URL: stack.pgUrl } });
const realtime = await spawnService(main('realtime-gateway'), { t, env: verifierEnv });

const listTickets = async (token: string) => {
  const res = await fetch(`${ticket.url}/v1/guilds/${guilds.main}/tickets`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
};

/** A WebSocket to the realtime gateway, its frames collected. */
async function stream() {
  const ws = new WebSocket(`${realtime.url.replace('http', 'ws')}${streamPath}`, protocolName);
  const frames: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  ws.on('message', (data) => {
    frames.push(JSON.parse(String(data)));
    for (const wake of waiters.splice(0)) wake();
  });
  await once(ws, 'open');
  t.teardown(() => ws.terminate());
  return {
    ws,
    async next(op: string) {
      for (;;) {
        const i = frames.findIndex((f) => f.op === op);
        if (i >= 0) return frames.splice(i, 1)[0]!;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}

const b = browser(dashboard.app);
await signIn(b, people.owner.id);

t.test('jwks – a dashboard token is accepted by the ticket service and the realtime gateway', async (t) => {
  const { body } = await accessToken(b);
  t.equal((await listTickets(body.accessToken)).status, 200);
  const s = await stream();
  s.ws.send(JSON.stringify({ op: 'auth', token: body.accessToken }));
  t.match(await s.next('authenticated'), { userId: people.owner.id });
  s.ws.send(JSON.stringify({ op: 'subscribe', guildId: guilds.main }));
  t.match(await s.next('subscribed'), { guildId: guilds.main });
});

/** A JWT written by hand: what a signing library would refuse to produce. */
function craft(header: object, claims: object, signer: (input: string) => string): string {
  const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const input = `${b64(header)}.${b64(claims)}`;
  return `${input}.${signer(input)}`;
}
const claims = (overrides: object = {}) => {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: people.owner.id,
    guilds: { [guilds.main]: 'admin' },
    iat: now,
    exp: now + 600,
    iss: 'guildwire',
    aud: 'guildwire-dashboard',
    ...overrides,
  };
};
const ed = (key: KeyObject) => (input: string) => sign(null, Buffer.from(input), key).toString('base64url');

t.test('jwks – unknown kid, wrong key, expired and HS256 tokens get 401 with a reason', async (t) => {
  const cases = [
    {
      name: 'unknown kid',
      token: createTokenSigner(generateSigningKey(), {
        issuer: 'guildwire',
        audience: 'guildwire-dashboard',
      })({ sub: people.owner.id, guilds: { [guilds.main]: 'admin' }, ttlSeconds: 60 }),
      message: /unknown key id/,
    },
    {
      name: 'wrong key under a known kid',
      token: craft(
        { alg: 'EdDSA', typ: 'JWT', kid: keyA.kid },
        claims(),
        ed(generateSigningKey().privateKey),
      ),
      message: /signature is invalid/,
    },
    {
      name: 'expired',
      token: craft(
        { alg: 'EdDSA', typ: 'JWT', kid: keyA.kid },
        claims({ iat: 1_000, exp: 2_000 }),
        ed(keyA.privateKey),
      ),
      code: 'GW_ERR_TOKEN_EXPIRED',
    },
    {
      name: 'HS256 keyed with the published public key (algorithm confusion)',
      token: craft({ alg: 'HS256', typ: 'JWT', kid: keyA.kid }, claims(), (input) =>
        createHmac('sha256', JSON.stringify(keyA.publicJwk)).update(input).digest('base64url'),
      ),
      message: /signed with HS256; this service accepts EdDSA, ES256, RS256/,
    },
  ];
  for (const c of cases) {
    const res = await listTickets(c.token);
    t.equal(res.status, 401, c.name);
    t.match(res.body.error, { code: c.code ?? 'GW_ERR_TOKEN_INVALID', message: c.message ?? /./ }, c.name);
    const s = await stream();
    s.ws.send(JSON.stringify({ op: 'auth', token: c.token }));
    const [code, reason] = await once(s.ws, 'close');
    t.equal(
      code,
      c.code === 'GW_ERR_TOKEN_EXPIRED' ? closeCodes.tokenExpired : closeCodes.tokenInvalid,
      `${c.name} (stream)`,
    );
    if (c.message) t.match(String(reason), c.message, `${c.name}: the close reason says why`);
  }
});

t.test(
  'jwks – rotation: the new key signs, the previous stays published; both are accepted, the stream renews in place',
  async (t) => {
    const old = (await accessToken(b)).body.accessToken;
    const s = await stream();
    s.ws.send(JSON.stringify({ op: 'auth', token: old }));
    await s.next('authenticated');

    // A restart with DASHBOARD_SIGNING_KEY = B and DASHBOARD_PREVIOUS_SIGNING_KEY = A, same address.
    const port = dashboard.port;
    await dashboard.app.close();
    dashboard = await listening(ring(keyB, keyA), port);
    const kids = ((await (await fetch(jwksUrl)).json()) as { keys: Array<{ kid: string }> }).keys.map(
      (k) => k.kid,
    );
    t.same(kids, [keyB.kid, keyA.kid], 'newest first, both published');

    const rotated = browser(dashboard.app);
    await signIn(rotated, people.owner.id);
    const fresh = (await accessToken(rotated)).body.accessToken;
    t.equal(JSON.parse(Buffer.from(fresh.split('.')[0]!, 'base64url').toString()).kid, keyB.kid);
    t.equal((await listTickets(fresh)).status, 200, 'the new kid is fetched on its first token');
    t.equal((await listTickets(old)).status, 200, 'tokens of the previous key live out their minutes');

    s.ws.send(JSON.stringify({ op: 'auth', token: fresh }));
    t.match(await s.next('authenticated'), { userId: people.owner.id }, 'renewed without reconnecting');
    t.equal(s.ws.readyState, WebSocket.OPEN);
  },
);
