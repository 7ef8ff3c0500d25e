import t from 'tap';
import WebSocket from 'ws';
import {
  type ClientError,
  createRealtimeClient,
  type PresenceViewer,
  type WebSocketConstructor,
} from '../src/index.js';
import { scriptedGateway } from './scripted-gateway.js';

const authenticated = () => ({
  op: 'authenticated',
  userId: '1',
  expiresAt: Math.floor(Date.now() / 1000) + 600,
});

async function connected(t: Parameters<typeof scriptedGateway>[0]) {
  const gw = await scriptedGateway(t);
  const client = createRealtimeClient({
    url: gw.url,
    getToken: () => 'tok',
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    backoff: { initialMs: 5, maxMs: 20 },
  });
  t.teardown(() => client.close());
  const errors: ClientError[] = [];
  client.onError((e) => errors.push(e));
  return { gw, client, errors };
}

/** Polls a condition the client's own handlers make true. */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}

t.test(
  'presence – a view waits for auth, is announced again after a reconnect, and stops with unview',
  async (t) => {
    const { gw, client } = await connected(t);
    const seen: Array<readonly PresenceViewer[]> = [];
    const stop = client.view('7', 'ticket:abc', (viewers) => seen.push(viewers));
    await gw.until((f) => f.op === 'auth');
    t.notOk(
      gw.received.some((f) => f.op === 'view'),
      'nothing before authenticated',
    );
    gw.send(authenticated());
    t.same(await gw.until((f) => f.op === 'view'), { op: 'view', guildId: '7', topic: 'ticket:abc' });
    const list = [
      { userId: '1', since: 10 },
      { userId: '2', since: 11 },
    ];
    gw.send({ op: 'presence', guildId: '7', topic: 'ticket:abc', viewers: list });
    gw.send({ op: 'presence', guildId: '7', topic: 'ticket:other', viewers: [] });
    await until(() => seen.length === 1);
    t.same(seen, [list], 'only the viewed topic reaches the listener');

    // A second listener of the same topic shares the server view and gets the last list at once.
    const second: Array<readonly PresenceViewer[]> = [];
    const stopSecond = client.view('7', 'ticket:abc', (viewers) => second.push(viewers));
    t.same(second, [list]);
    t.equal(gw.received.filter((f) => f.op === 'view').length, 1, 'one view frame for both');

    // The connection drops: the view is announced again on the new one, after its auth.
    const from = gw.received.length;
    gw.close(1012);
    await gw.until((f) => f.op === 'auth', from);
    gw.send(authenticated());
    t.same(await gw.until((f) => f.op === 'view', from), { op: 'view', guildId: '7', topic: 'ticket:abc' });

    stopSecond();
    t.notOk(
      gw.received.slice(from).some((f) => f.op === 'unview'),
      'still viewed while one listener is left',
    );
    stop();
    t.same(await gw.until((f) => f.op === 'unview', from), {
      op: 'unview',
      guildId: '7',
      topic: 'ticket:abc',
    });
    stop();
    t.equal(gw.received.filter((f) => f.op === 'unview').length, 1, 'a second stop sends nothing');
    client.close();
  },
);

t.test(
  'presence – a refused view is forgotten (not announced again), and reported with its topic',
  async (t) => {
    const { gw, client, errors } = await connected(t);
    client.subscribe('7');
    const stopRefused = client.view('8', 'ticket:x', () => undefined);
    client.view('7', 'ticket:y', () => undefined);
    await gw.until((f) => f.op === 'auth');
    gw.send(authenticated());
    await gw.until((f) => f.op === 'view' && f.topic === 'ticket:y');
    gw.send({
      op: 'error',
      code: 'forbidden',
      message: 'the token grants no role in guild 8',
      guildId: '8',
      topic: 'ticket:x',
    });
    await until(() => errors.length === 1);
    t.same(errors, [
      { code: 'forbidden', message: 'the token grants no role in guild 8', guildId: '8', topic: 'ticket:x' },
    ]);
    const from = gw.received.length;
    gw.close(1012);
    await gw.until((f) => f.op === 'auth', from);
    gw.send(authenticated());
    await gw.until((f) => f.op === 'view', from);
    await gw.until((f) => f.op === 'subscribe', from);
    t.same(
      gw.received
        .slice(from)
        .filter((f) => f.op === 'view')
        .map((f) => f.topic),
      ['ticket:y'],
      'only the accepted view comes back',
    );
    t.ok(
      gw.received.slice(from).some((f) => f.op === 'subscribe' && f.guildId === '7'),
      "a view's error does not end the guild's subscription",
    );
    stopRefused();
    t.notOk(
      gw.received.slice(from).some((f) => f.op === 'unview'),
      'stopping a refused view sends nothing',
    );
  },
);

t.test('presence – a malformed guild id or topic is refused on the spot', async (t) => {
  const { client } = await connected(t);
  t.throws(() => client.view('abc', 'ticket:1', () => undefined), TypeError);
  t.throws(() => client.view('7', 'user:1', () => undefined), /ticket:<id>/);
  t.throws(() => client.view('7', `ticket:${'x'.repeat(65)}`, () => undefined), TypeError);
});
