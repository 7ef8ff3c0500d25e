import { once } from 'node:events';
import t, { type Test } from 'tap';
import WebSocket from 'ws';
import { CloseCode, Op } from '../../src/index.js';
import { fakeDiscordForTest, seedGuild } from '../fixtures.js';

interface Frame {
  op: number;
  t?: string | null;
  s?: number | null;
  d?: unknown;
}

/** A raw gateway client: collects frames and waits for one matching a predicate. */
async function connect(t: Test, url: string) {
  const ws = new WebSocket(`${url}?v=10&encoding=json`);
  t.teardown(() => ws.terminate());
  const frames: Frame[] = [];
  const waiters: { match: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  ws.on('message', (raw) => {
    const frame = JSON.parse(raw.toString()) as Frame;
    frames.push(frame);
    for (const w of waiters.filter((w) => w.match(frame))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(frame);
    }
  });
  const next = (match: (f: Frame) => boolean) =>
    new Promise<Frame>((resolve) => {
      const seen = frames.find(match);
      if (seen) resolve(seen);
      else waiters.push({ match, resolve });
    });
  const closed = once(ws, 'close') as Promise<[number, Buffer]>;
  await once(ws, 'open');
  return { ws, frames, next, closed, send: (frame: Frame) => ws.send(JSON.stringify(frame)) };
}

const identify = (token: string, extra: Record<string, unknown> = {}) => ({
  op: Op.Identify,
  d: { token, intents: 1, properties: { os: 'linux', browser: 'test', device: 'test' }, ...extra },
});

t.test('protocol – HELLO, heartbeat ACK, and READY with the documented fields', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild } = seedGuild(server);
  const gw = await connect(t, server.gatewayUrl);
  const hello = await gw.next((f) => f.op === Op.Hello);
  t.match(hello.d, { heartbeat_interval: 41_250 });
  gw.send({ op: Op.Heartbeat, d: null });
  await gw.next((f) => f.op === Op.HeartbeatAck);
  gw.send(identify(server.token));
  const ready = await gw.next((f) => f.t === 'READY');
  t.equal(ready.s, 1);
  t.match(ready.d, {
    v: 10,
    user: { id: server.botUser.id, bot: true },
    guilds: [{ id: guild.id, unavailable: true }],
    session_id: /^[0-9a-f]{32}$/,
    resume_gateway_url: server.gatewayUrl,
    shard: [0, 1],
    application: { id: server.applicationId, flags: Number },
  });
  const created = await gw.next((f) => f.t === 'GUILD_CREATE');
  t.equal(created.s, 2);
});

t.test('protocol – a client that stops heartbeating is dropped with 4009', async (t) => {
  const server = await fakeDiscordForTest(t, { heartbeatIntervalMs: 100 });
  const gw = await connect(t, server.gatewayUrl);
  gw.send(identify(server.token));
  await gw.next((f) => f.t === 'READY');
  const [code] = await gw.closed;
  t.equal(code, CloseCode.SessionTimedOut);
});

t.test(
  'protocol – bad token, invalid shard, bad intents and unknown opcodes close with their codes',
  async (t) => {
    const server = await fakeDiscordForTest(t, { allowedPrivilegedIntents: 0 });
    const cases: [string, Frame, number][] = [
      ['bad token', identify('nope'), CloseCode.AuthenticationFailed],
      ['invalid shard', identify(server.token, { shard: [2, 2] }), CloseCode.InvalidShard],
      ['invalid intents', identify(server.token, { intents: 1 << 30 }), CloseCode.InvalidIntents],
      ['disallowed intents', identify(server.token, { intents: 1 << 15 }), CloseCode.DisallowedIntents],
      ['unknown opcode', { op: 42, d: null }, CloseCode.UnknownOpcode],
      ['not authenticated', { op: Op.RequestGuildMembers, d: {} }, CloseCode.NotAuthenticated],
    ];
    for (const [name, frame, expected] of cases) {
      const gw = await connect(t, server.gatewayUrl);
      gw.send(frame);
      const [code] = await gw.closed;
      t.equal(code, expected, name);
    }
    const wrongVersion = new WebSocket(`${server.gatewayUrl}?v=6&encoding=json`);
    const [code] = (await once(wrongVersion, 'close')) as [number];
    t.equal(code, CloseCode.InvalidApiVersion, 'invalid api version');
  },
);

t.test('protocol – RESUME with an unknown session gets INVALID_SESSION d:false', async (t) => {
  const server = await fakeDiscordForTest(t);
  const gw = await connect(t, server.gatewayUrl);
  gw.send({ op: Op.Resume, d: { token: server.token, session_id: 'nope', seq: 3 } });
  const invalid = await gw.next((f) => f.op === Op.InvalidSession);
  t.equal(invalid.d, false);
});

t.test('protocol – without MESSAGE_CONTENT a user message arrives with empty content', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { text, alice } = seedGuild(server);
  const gw = await connect(t, server.gatewayUrl);
  gw.send(identify(server.token, { intents: 1 | (1 << 9) }));
  await gw.next((f) => f.t === 'GUILD_CREATE');
  server.control.postMessage({ channelId: text.id, userId: alice.id, content: 'secret' });
  server.control.postMessage({ channelId: text.id, userId: alice.id, content: `hi <@${server.botUser.id}>` });
  const first = await gw.next((f) => f.t === 'MESSAGE_CREATE');
  t.match(first.d, { content: '', author: { id: alice.id } });
  const mention = await gw.next((f) => f.t === 'MESSAGE_CREATE' && f !== first);
  t.match(mention.d, { content: `hi <@${server.botUser.id}>` }, 'mentions keep their content');
});

t.test(
  'protocol – role mentions in the content are listed in mention_roles, unknown roles left out',
  async (t) => {
    const server = await fakeDiscordForTest(t);
    const { text, alice, staff: role } = seedGuild(server);
    const gw = await connect(t, server.gatewayUrl);
    gw.send(identify(server.token, { intents: 1 | (1 << 9) | (1 << 15) }));
    await gw.next((f) => f.t === 'GUILD_CREATE');
    server.control.postMessage({
      channelId: text.id,
      userId: alice.id,
      content: `<@&${role.id}> and <@&${role.id}> and <@&123456789012345678>`,
    });
    const created = await gw.next((f) => f.t === 'MESSAGE_CREATE');
    t.same((created.d as { mention_roles: string[] }).mention_roles, [role.id]);
  },
);

t.test('protocol – sendRaw delivers a frame as is to connected sessions, unnumbered', async (t) => {
  const server = await fakeDiscordForTest(t);
  seedGuild(server);
  const gw = await connect(t, server.gatewayUrl);
  gw.send(identify(server.token, { intents: 1 }));
  await gw.next((f) => f.t === 'GUILD_CREATE');
  const seq = server.control.gateway.sessions()[0]?.seq;
  t.equal(server.control.gateway.sendRaw(JSON.stringify({ op: 0, t: 'NOT_A_REAL_EVENT', d: null })), 1);
  const raw = await gw.next((f) => f.t === 'NOT_A_REAL_EVENT');
  t.same(raw, { op: 0, t: 'NOT_A_REAL_EVENT', d: null }, 'exactly the frame given');
  t.equal(server.control.gateway.sessions()[0]?.seq, seq, 'not numbered, so never replayed on RESUME');
});
