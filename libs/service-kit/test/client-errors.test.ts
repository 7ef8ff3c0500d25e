import { type AddressInfo, connect } from 'node:net';
import t from 'tap';
import { testApp } from './fixtures/service.js';

/** Sends raw bytes to the app and returns status line, headers and the parsed JSON body. */
async function rawRequest(port: number, bytes: string) {
  const text = await new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let out = '';
    socket.on('data', (d) => {
      out += d;
    });
    socket.on('close', () => resolve(out));
    socket.on('error', reject);
  });
  const [head = '', body = ''] = text.split('\r\n\r\n');
  const status = Number(head.split(' ')[1]);
  return { status, head, body: JSON.parse(body) as { error: { code: string; message: string } } };
}

async function listening(t: Parameters<typeof testApp>[0]) {
  const app = await testApp(t);
  app.get('/v1/guilds/:guildId/tickets', async () => ({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

t.test('client errors – a URL that does not decode is 400 in the error shape', async (t) => {
  const port = await listening(t);
  const res = await rawRequest(
    port,
    'GET /v1/guilds/%ZZ/tickets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
  );
  t.equal(res.status, 400);
  t.same(res.body, {
    error: { code: 'GW_ERR_BAD_REQUEST', message: 'Bad request: the URL is not correctly percent-encoded' },
  });
});

t.test('client errors – an over-long path parameter is 414 in the error shape', async (t) => {
  const port = await listening(t);
  const res = await rawRequest(
    port,
    `GET /v1/guilds/${'1'.repeat(300)}/tickets HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`,
  );
  t.equal(res.status, 414);
  t.equal(res.body.error.code, 'GW_ERR_URI_TOO_LONG');
});

t.test('client errors – oversized headers are 431 in the error shape', async (t) => {
  const port = await listening(t);
  const res = await rawRequest(
    port,
    `GET /v1/guilds/1/tickets HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
  );
  t.equal(res.status, 431);
  t.same(res.body, {
    error: { code: 'GW_ERR_HEADERS_TOO_LARGE', message: 'The request headers are too large' },
  });
  t.match(res.head, /content-type: application\/json/i);
});

t.test('client errors – a broken request line is 400 in the error shape', async (t) => {
  const port = await listening(t);
  const res = await rawRequest(port, 'GARBAGE\r\n\r\n');
  t.equal(res.status, 400);
  t.equal(res.body.error.code, 'GW_ERR_BAD_REQUEST');
});
