import { Writable } from 'node:stream';
import { pino } from 'pino';
import t from 'tap';
import type { ServiceAppOptions } from '../src/index.js';
import { bearer, claims, craftToken, testApp } from './fixtures/service.js';

function captureLogs(): {
  stream: Writable;
  lines: () => Array<Record<string, unknown>>;
  text: () => string;
} {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { stream, lines, text };
}

const token = craftToken(claims());

async function loggingApp(t: Parameters<typeof testApp>[0], logger: ServiceAppOptions['logger']) {
  const app = await testApp(t, logger === undefined ? {} : { logger });
  app.post('/v1/guilds/:guildId/login', { preHandler: app.requireGuildRole('member') }, async (request) => {
    request.log.info({ headers: request.headers, body: request.body }, 'login attempt');
    request.log.info({ req: { headers: request.headers } }, 'raw request');
    return { ok: true };
  });
  return app;
}

const hostile = {
  ...bearer(token),
  cookie: `session=${token}`,
  'sec-websocket-protocol': `guildwire.v1, ${token}`,
  'x-correlation-id': 'flow-1',
};

for (const [kind, make] of [
  ['pino options', (stream: Writable) => ({ level: 'info', stream })],
  ['a pino instance', (stream: Writable) => pino({ level: 'info' }, stream)],
] as const) {
  t.test(`logging – credentials never reach the logs (${kind})`, async (t) => {
    const logs = captureLogs();
    const app = await loggingApp(t, make(logs.stream));
    const res = await app.inject({
      method: 'POST',
      url: `/v1/guilds/4242/login?token=${token}`,
      headers: hostile,
      payload: { user: 'bob', password: 'hunter2-password', nested: { secret: 's3cr3t-value', token } },
    });
    t.equal(res.statusCode, 200);
    const text = logs.text();
    t.ok(text.includes('login attempt'), 'the route logged');
    t.notOk(text.includes(token), 'no token in any form');
    t.notOk(text.includes('hunter2-password'), 'no password');
    t.notOk(text.includes('s3cr3t-value'), 'no secret');
    t.ok(text.includes('[Redacted]'), 'values are replaced, not dropped');
  });
}

t.test('logging – request lines carry service, request id and correlation id', async (t) => {
  const logs = captureLogs();
  const app = await testApp(t, { logger: { level: 'info', stream: logs.stream } });
  app.get('/hello', async (request) => {
    request.log.info('inside');
    return {};
  });
  await app.inject({ url: '/hello', headers: { 'x-request-id': 'req-1', 'x-correlation-id': 'flow-9' } });
  const inside = logs.lines().find((line) => line.msg === 'inside');
  t.match(inside, { service: 'test-service', reqId: 'req-1', correlationId: 'flow-9' });
});

t.test('logging – probes do not log a line per request', async (t) => {
  const logs = captureLogs();
  const app = await testApp(t, { logger: { level: 'info', stream: logs.stream } });
  await app.inject({ url: '/healthz' });
  t.same(
    logs.lines().filter((line) => line.reqId !== undefined),
    [],
  );
});

t.test('logging – an internal error is logged with its stack', async (t) => {
  const logs = captureLogs();
  const app = await testApp(t, { logger: { level: 'info', stream: logs.stream } });
  app.get('/boom', async () => {
    throw new Error('disk on fire');
  });
  await app.inject({ url: '/boom' });
  const failure = logs.lines().find((line) => line.msg === 'request failed');
  t.match(failure, { level: 50, err: { message: 'disk on fire', stack: /Error: disk on fire/ } });
});
