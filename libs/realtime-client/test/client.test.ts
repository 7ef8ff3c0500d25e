import { createServer } from 'node:net';
import t from 'tap';
import WebSocket from 'ws';
import {
  type ConnectionStatus,
  createRealtimeClient,
  type RealtimeEvent,
  type WebSocketConstructor,
} from '../src/index.js';
import { scriptedGateway } from './scripted-gateway.js';

/** Polls a condition the client's own event handlers make true. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

t.test('client – dedups by seq and resubscribes with since when the prev chain breaks', async (t) => {
  const gw = await scriptedGateway(t);
  const client = createRealtimeClient({
    url: gw.url,
    getToken: () => 'tok',
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
  t.teardown(() => client.close());
  const events: RealtimeEvent[] = [];
  const statuses: ConnectionStatus[] = [];
  client.onEvent((e) => events.push(e));
  client.onStatus((s) => statuses.push(s));
  client.subscribe('7');
  t.match(await gw.until((f) => f.op === 'auth'), { token: 'tok' });
  gw.send({ op: 'authenticated', userId: '1', expiresAt: Math.floor(Date.now() / 1000) + 600 });
  t.same(await gw.until((f) => f.op === 'subscribe'), { op: 'subscribe', guildId: '7' });
  gw.send({ op: 'subscribed', guildId: '7', head: 10, epoch: 'E', recovered: false });
  const event = (seq: number, prev: number) => ({
    op: 'event',
    guildId: '7',
    seq,
    prev,
    type: 'ticket.opened',
    data: {},
    ts: 1,
  });
  gw.send(event(12, 10));
  gw.send(event(12, 10));
  gw.send(event(15, 13));
  const from = gw.received.length;
  const resubscribe = await gw.until((f) => f.op === 'subscribe', from);
  t.same(
    resubscribe,
    { op: 'subscribe', guildId: '7', since: { seq: 12, epoch: 'E' } },
    'resumes after the last good event',
  );
  gw.send(event(15, 13));
  gw.send({ op: 'subscribed', guildId: '7', head: 20, epoch: 'E', recovered: true });
  gw.send(event(13, 12));
  gw.send(event(15, 13));
  gw.send(event(16, 15));
  await until(() => events.length === 4);
  t.same(
    events.map((e) => e.seq),
    [12, 13, 15, 16],
    'each once, in order, nothing from the broken chain',
  );
  t.same(statuses, ['live', 'reconnecting', 'live']);
});

t.test('client – reconnects after a drop and after a fatal close goes offline', async (t) => {
  const gw = await scriptedGateway(t);
  const client = createRealtimeClient({
    url: gw.url,
    getToken: () => 'tok',
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    backoff: { initialMs: 5, maxMs: 20 },
  });
  t.teardown(() => client.close());
  const errors: Array<string | number> = [];
  client.onError((e) => errors.push(e.code));
  await gw.until((f) => f.op === 'auth');
  gw.close(1012);
  await gw.until((f) => f.op === 'auth', 1);
  gw.close(4003);
  const offline = await new Promise<ConnectionStatus>((resolve) =>
    client.onStatus((s) => s === 'offline' && resolve(s)),
  );
  t.equal(offline, 'offline');
  t.same(errors, [4003]);
});

t.test('client – needs a WebSocket implementation', async (t) => {
  const server = createServer();
  t.teardown(() => server.close());
  const saved = (globalThis as { WebSocket?: unknown }).WebSocket;
  (globalThis as { WebSocket?: unknown }).WebSocket = undefined;
  t.throws(() => createRealtimeClient({ url: 'ws://x', getToken: () => '' }), /WebSocket/);
  (globalThis as { WebSocket?: unknown }).WebSocket = saved;
});
