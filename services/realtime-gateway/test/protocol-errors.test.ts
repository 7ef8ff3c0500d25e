import { request } from 'node:http';
import { closeCodes, errorCodes } from '@guildwire/realtime-client/protocol';
import t from 'tap';
import WebSocket from 'ws';
import {
  claims,
  craftToken,
  natsForTest,
  publishOpened,
  rawClient,
  startGateway,
  tokenFor,
} from './fixtures.js';

t.test(
  'protocol errors – bad input gets documented errors and codes, and the gateway keeps serving',
  async (t) => {
    const { nats, bus } = await natsForTest(t);
    const gw = await startGateway(t, nats, {
      maxFrameBytes: 4096,
      maxSubscriptions: 2,
      maxConnectionsPerUser: 3,
    });

    t.test('subscribe before auth closes 4001', async (t) => {
      const c = await rawClient(t, gw.url);
      c.send({ op: 'subscribe', guildId: '42' });
      t.equal((await c.closed).code, closeCodes.unauthenticated);
    });
    t.test('malformed JSON before auth closes 4001', async (t) => {
      const c = await rawClient(t, gw.url);
      c.send('{not json');
      t.equal((await c.closed).code, closeCodes.unauthenticated);
    });
    for (const [name, token, code] of [
      [
        'forged signature',
        craftToken(claims(), { secret: 'another-secret-that-is-long-enough-000000' }),
        closeCodes.tokenInvalid,
      ],
      ['alg none', craftToken(claims(), { alg: 'none' }), closeCodes.tokenInvalid],
      ['garbage', 'not.a.jwt', closeCodes.tokenInvalid],
      ['wrong audience', craftToken(claims({ aud: 'someone-else' })), closeCodes.tokenInvalid],
      ['malformed guilds claim', craftToken(claims({ guilds: { abc: 'owner' } })), closeCodes.tokenInvalid],
      ['expired', craftToken(claims({ iat: 1000, exp: 2000 })), closeCodes.tokenExpired],
    ] as const) {
      t.test(`${name} token closes ${code}`, async (t) => {
        const c = await rawClient(t, gw.url, token);
        t.equal((await c.closed).code, code);
      });
    }
    t.test('a token as subprotocol authenticates and is never echoed', async (t) => {
      const c = await rawClient(t, gw.url, tokenFor('500', { '42': 'staff' }), { viaProtocol: true });
      t.equal(c.ws.protocol, 'guildwire.v1');
      t.match(await c.next((f) => f.op === 'authenticated'), { userId: '500' });
    });
    t.test('after auth, bad frames get error frames and the connection stays', async (t) => {
      const c = await rawClient(
        t,
        gw.url,
        tokenFor('501', { '42': 'staff', '43': 'member', '44': 'member' }),
      );
      await c.next((f) => f.op === 'authenticated');
      c.send('{not json');
      c.send('[1,2]');
      c.send({ op: 'teleport' });
      c.send({ op: 'subscribe', guildId: 'abc' });
      c.send({ op: 'subscribe', guildId: '42', since: { seq: -1, epoch: 'x' } });
      c.send({ op: 'subscribe', guildId: '99' });
      c.send({ op: 'unsubscribe', guildId: '42' });
      c.ws.send(Buffer.from([1, 2, 3]), { binary: true });
      c.send({ op: 'subscribe', guildId: '42' });
      c.send({ op: 'subscribe', guildId: '43' });
      c.send({ op: 'subscribe', guildId: '44' });
      c.send({ op: 'ping' });
      await c.next((f) => f.op === 'pong');
      const errors = c.frames.filter((f) => f.op === 'error').map((f) => (f as { code: string }).code);
      t.same(errors, [
        errorCodes.badFrame,
        errorCodes.badFrame,
        errorCodes.unknownOp,
        errorCodes.badFrame,
        errorCodes.badFrame,
        errorCodes.forbidden,
        errorCodes.notSubscribed,
        errorCodes.badFrame,
        errorCodes.tooManySubscriptions,
      ]);
      const seq = await publishOpened(bus, '42');
      t.match(await c.next((f) => f.op === 'event'), { seq }, 'still served');
    });
    t.test('an oversized frame closes 1009', async (t) => {
      const c = await rawClient(t, gw.url, tokenFor('502', { '42': 'staff' }));
      c.send({ op: 'ping', pad: 'x'.repeat(5000) });
      t.equal((await c.closed).code, closeCodes.frameTooLarge);
    });
    t.test('a text frame that is not UTF-8 closes 1007', async (t) => {
      const c = await rawClient(t, gw.url, tokenFor('508', { '42': 'staff' }));
      await c.next((f) => f.op === 'authenticated');
      c.ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
      t.equal((await c.closed).code, 1007);
    });
    t.test('a frame breaking RFC 6455 (unmasked from a client) closes 1002', async (t) => {
      const c = await rawClient(t, gw.url, tokenFor('509', { '42': 'staff' }));
      await c.next((f) => f.op === 'authenticated');
      // FIN + text, no mask bit, 2-byte payload: ws itself never sends this.
      (c.ws as unknown as { _socket: import('node:net').Socket })._socket.write(
        Buffer.from([0x81, 0x02, 0x7b, 0x7d]),
      );
      t.equal((await c.closed).code, 1002);
    });
    t.test('a flood of bad frames closes 4002', async (t) => {
      const c = await rawClient(t, gw.url, tokenFor('503', { '42': 'staff' }));
      for (let i = 0; i < 30; i++) c.send('nope');
      t.equal((await c.closed).code, closeCodes.protocolViolation);
    });
    t.test('connections per user are limited (4009)', async (t) => {
      const token = tokenFor('504', { '42': 'staff' });
      for (let i = 0; i < 3; i++)
        await (await rawClient(t, gw.url, token)).next((f) => f.op === 'authenticated');
      const extra = await rawClient(t, gw.url, token);
      t.equal((await extra.closed).code, closeCodes.tooManyConnections);
    });
    t.test('auth in place refreshes; another user or an expired refresh closes', async (t) => {
      const c = await rawClient(t, gw.url, tokenFor('505', { '42': 'staff', '43': 'staff' }));
      await c.next((f) => f.op === 'authenticated');
      c.send({ op: 'subscribe', guildId: '43' });
      await c.next((f) => f.op === 'subscribed');
      const from = c.frames.length;
      c.send({ op: 'auth', token: tokenFor('505', { '42': 'staff' }) });
      t.match(
        await c.next((f) => f.op === 'unsubscribed', from),
        { guildId: '43', reason: 'forbidden' },
        'a guild no longer granted is dropped',
      );
      await c.next((f) => f.op === 'authenticated', from);
      c.send({ op: 'auth', token: tokenFor('506', { '42': 'staff' }) });
      t.equal((await c.closed).code, closeCodes.tokenInvalid);
    });
    t.test('a token expiring while connected closes 4004', async (t) => {
      const c = await rawClient(t, gw.url, tokenFor('507', { '42': 'staff' }, 1));
      await c.next((f) => f.op === 'authenticated');
      t.equal((await c.closed).code, closeCodes.tokenExpired);
    });
    t.test('no auth within the timeout closes 4001', async (t) => {
      const gw2 = await startGateway(t, nats, { authTimeoutMs: 100 });
      const c = await rawClient(t, gw2.url);
      t.equal((await c.closed).code, closeCodes.unauthenticated);
    });
    t.test('the connection rate per address is limited (4029)', async (t) => {
      const gw3 = await startGateway(t, nats, { connectionsPerSecond: 1, connectionBurst: 2 });
      const codes: number[] = [];
      for (let i = 0; i < 3; i++) {
        const ws = new WebSocket(gw3.url, ['guildwire.v1']);
        ws.on('error', () => undefined);
        t.teardown(() => ws.terminate());
        if (i === 2)
          codes.push(await new Promise<number>((resolve) => ws.on('close', (code) => resolve(code))));
      }
      t.same(codes, [closeCodes.rateLimited]);
      // A refused connection that sends a broken frame while being closed must not crash the
      // gateway (no error listener on a refused socket was an uncaught exception; npm run chaos found it).
      const refused = new WebSocket(gw3.url, ['guildwire.v1']);
      refused.on('error', () => undefined);
      t.teardown(() => refused.terminate());
      refused.on('open', () => refused.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false }));
      t.ok(
        [closeCodes.rateLimited, 1007].includes(
          await new Promise<number>((resolve) => refused.on('close', (code) => resolve(code))),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const c = await rawClient(t, gw3.url, tokenFor('601', { '42': 'staff' }));
      t.match(await c.next((f) => f.op === 'authenticated'), { op: 'authenticated' }, 'still serving');
    });
    t.test('a plain GET of the stream path is 426 with the common error shape', async (t) => {
      const res = await fetch(gw.url.replace(/^ws/, 'http'));
      t.equal(res.status, 426);
      t.equal(res.headers.get('upgrade'), 'websocket');
      t.match(await res.json(), { error: { code: 'RT_ERR_UPGRADE_REQUIRED', message: /guildwire\.v1/ } });
    });
    t.test('an upgrade to another path is refused with 404 and the common error shape', async (t) => {
      const res = await upgradeRequest(gw.port, { path: '/v1/elsewhere' });
      t.equal(res.status, 404);
      t.match(res.contentType, /^application\/json/);
      t.match(JSON.parse(res.body), { error: { code: 'GW_ERR_NOT_FOUND', message: /\/v1\/elsewhere/ } });
    });
    t.test('a malformed handshake is refused with 400 and the common error shape', async (t) => {
      const badVersion = await upgradeRequest(gw.port, { headers: { 'Sec-WebSocket-Version': '12' } });
      t.equal(badVersion.status, 400);
      t.equal(badVersion.versions, '13', 'names the version it speaks (RFC 6455 §4.4)');
      t.match(JSON.parse(badVersion.body), {
        error: { code: 'RT_ERR_BAD_HANDSHAKE', message: /Sec-WebSocket-Version/ },
      });
      const noKey = await upgradeRequest(gw.port, { headers: { 'Sec-WebSocket-Key': 'short' } });
      t.equal(noKey.status, 400);
      t.match(JSON.parse(noKey.body), {
        error: { code: 'RT_ERR_BAD_HANDSHAKE', message: /Sec-WebSocket-Key/ },
      });
      const post = await upgradeRequest(gw.port, { method: 'POST' });
      t.equal(post.status, 405);
      t.match(JSON.parse(post.body), { error: { code: 'GW_ERR_METHOD_NOT_ALLOWED' } });
    });
    t.test('the gateway still serves after all of it', async (t) => {
      const c = await rawClient(t, gw.url, tokenFor('600', { '42': 'staff' }));
      c.send({ op: 'subscribe', guildId: '42' });
      await c.next((f) => f.op === 'subscribed');
      const seq = await publishOpened(bus, '42');
      t.match(await c.next((f) => f.op === 'event'), { seq });
    });
  },
);

/** Sends a WebSocket upgrade request by hand (to break it on purpose) and reads the refusal. */
function upgradeRequest(
  port: number,
  options: { path?: string; method?: string; headers?: Record<string, string> },
): Promise<{ status: number; contentType: string; versions: string | undefined; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port,
      path: options.path ?? '/v1/stream',
      method: options.method ?? 'GET',
      headers: {
        Connection: 'Upgrade',
        Upgrade: 'websocket',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Protocol': 'guildwire.v1',
        ...options.headers,
      },
    });
    req.on('upgrade', () => reject(new Error('the handshake was accepted')));
    req.on('response', (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type']),
          versions: res.headers['sec-websocket-version'] as string | undefined,
          body,
        }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}
