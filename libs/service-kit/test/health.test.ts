import t from 'tap';
import { testApp } from './fixtures/service.js';

t.test('health – /healthz answers 200 while the process lives', async (t) => {
  const app = await testApp(t);
  const res = await app.inject({ url: '/healthz' });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { status: 'alive' });
});

t.test('ready – every check passing is 200 with each check named', async (t) => {
  const app = await testApp(t, {
    readiness: [
      { name: 'nats', check: () => {} },
      { name: 'db', check: async () => {} },
    ],
  });
  const res = await app.inject({ url: '/readyz' });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { status: 'ready', checks: { nats: 'ok', db: 'ok' } });
});

t.test('ready – a failing check is 503 naming it, without its reason', async (t) => {
  const app = await testApp(t, {
    readiness: [
      { name: 'nats', check: () => {} },
      {
        name: 'db',
        check: async () => {
          throw new Error('password authentication failed for user "guildwire"');
        },
      },
    ],
  });
  const res = await app.inject({ url: '/readyz' });
  t.equal(res.statusCode, 503);
  t.same(res.json(), { status: 'unready', failing: ['db'], checks: { nats: 'ok', db: 'failed' } });
  t.notMatch(res.body, /password/);
});

t.test('ready – a check that hangs past its timeout is 503 "timeout"', async (t) => {
  const app = await testApp(t, {
    readinessTimeoutMs: 20,
    readiness: [{ name: 'nats', check: () => new Promise<void>(() => {}) }],
  });
  const res = await app.inject({ url: '/readyz' });
  t.equal(res.statusCode, 503);
  t.same(res.json().checks, { nats: 'timeout' });
});

t.test('ready – a synchronous throw counts as a failure', async (t) => {
  const app = await testApp(t, {
    readiness: [
      {
        name: 'config',
        check: () => {
          throw new Error('nope');
        },
      },
    ],
  });
  const res = await app.inject({ url: '/readyz' });
  t.equal(res.statusCode, 503);
  t.same(res.json().failing, ['config']);
});
