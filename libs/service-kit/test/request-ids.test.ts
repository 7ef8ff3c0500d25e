import t from 'tap';
import { testApp } from './fixtures/service.js';

t.test('request ids – an incoming x-request-id is echoed and used as correlation id', async (t) => {
  const app = await testApp(t);
  app.get('/ids', async (request) => ({ id: request.id, correlationId: request.correlationId }));
  const res = await app.inject({ url: '/ids', headers: { 'x-request-id': 'req-42' } });
  t.equal(res.headers['x-request-id'], 'req-42');
  t.equal(res.headers['x-correlation-id'], 'req-42');
  t.same(res.json(), { id: 'req-42', correlationId: 'req-42' });
});

t.test('request ids – a missing id is generated; x-correlation-id is kept apart', async (t) => {
  const app = await testApp(t);
  app.get('/ids', async (request) => ({ id: request.id, correlationId: request.correlationId }));
  const res = await app.inject({ url: '/ids', headers: { 'x-correlation-id': 'flow-7' } });
  const body = res.json();
  t.match(body.id, /^[0-9a-f-]{36}$/);
  t.equal(res.headers['x-request-id'], body.id);
  t.equal(body.correlationId, 'flow-7');
  t.equal(res.headers['x-correlation-id'], 'flow-7');
});

t.test('request ids – an unsafe incoming id is replaced, error replies carry ids too', async (t) => {
  const app = await testApp(t);
  const res = await app.inject({ url: '/missing', headers: { 'x-request-id': 'bad id\nwith newline' } });
  t.equal(res.statusCode, 404);
  t.match(res.headers['x-request-id'], /^[0-9a-f-]{36}$/);
});
