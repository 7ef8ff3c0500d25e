import t from 'tap';
import { testApp } from './fixtures/service.js';

t.test('cors – a dashboard origin gets its preflight answered', async (t) => {
  const app = await testApp(t, { corsOrigins: ['https://dash.example.org'] });
  app.post('/v1/things', async () => ({ ok: true }));
  const res = await app.inject({
    method: 'OPTIONS',
    url: '/v1/things',
    headers: {
      origin: 'https://dash.example.org',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization,content-type,if-match',
    },
  });
  t.equal(res.statusCode, 204);
  t.equal(res.headers['access-control-allow-origin'], 'https://dash.example.org');
  t.match(String(res.headers['access-control-allow-headers']), /if-match/);
  const get = await app.inject({
    method: 'POST',
    url: '/v1/things',
    headers: { origin: 'https://dash.example.org' },
  });
  t.match(String(get.headers['access-control-expose-headers']), /etag/);
});

t.test('cors – another origin gets no allowance', async (t) => {
  const app = await testApp(t, { corsOrigins: ['https://dash.example.org'] });
  app.get('/v1/things', async () => ({ ok: true }));
  const res = await app.inject({ url: '/v1/things', headers: { origin: 'https://evil.example' } });
  t.equal(res.headers['access-control-allow-origin'], undefined);
});

t.test('rate limit – past the limit a client gets 429 in the error shape, with Retry-After', async (t) => {
  const app = await testApp(t, { rateLimitPerMinute: 3 });
  app.get('/v1/things', async () => ({ ok: true }));
  for (let i = 0; i < 3; i++) t.equal((await app.inject({ url: '/v1/things' })).statusCode, 200);
  const res = await app.inject({ url: '/v1/things' });
  t.equal(res.statusCode, 429);
  t.equal(res.json().error.code, 'GW_ERR_RATE_LIMITED');
  t.match(res.json().error.message, /at most 3 requests per minute/);
  t.ok(res.headers['retry-after']);
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'probes are never limited');
});

t.test('api reference – a page over the OpenAPI document', async (t) => {
  const app = await testApp(t);
  const res = await app.inject({ url: '/docs/' });
  t.equal(res.statusCode, 200);
  t.match(res.headers['content-type'], /text\/html/);
  const doc = await app.inject({ url: '/openapi.json' });
  t.notOk(
    Object.keys(doc.json().paths ?? {}).some((p) => p.startsWith('/docs')),
    'its own routes stay out',
  );
});
