import { Counter } from 'prom-client';
import t from 'tap';
import { testApp } from './fixtures/service.js';

t.test(
  'metrics – the exposition holds the HTTP histogram labelled by method, route and status',
  async (t) => {
    const app = await testApp(t, { defaultMetrics: true });
    app.get('/v1/guilds/:guildId/things', async () => ({ ok: true }));
    await app.inject({ url: '/v1/guilds/4242/things' });
    await app.inject({ url: '/v1/nothing' });
    const res = await app.inject({ url: '/metrics' });
    t.equal(res.statusCode, 200);
    t.match(res.headers['content-type'], /text\/plain/);
    t.match(
      res.body,
      /http_request_duration_seconds_count\{service="test-service",method="GET",route="\/v1\/guilds\/:guildId\/things",status_code="200"\} 1/,
    );
    t.match(res.body, /route="unmatched",status_code="404"/);
    t.notMatch(res.body, /route="\/v1\/guilds\/4242/, 'raw URLs never become labels');
    t.match(res.body, /process_cpu_user_seconds_total/, 'default metrics are collected');
  },
);

t.test('metrics – each app has its own registry that services extend', async (t) => {
  const first = await testApp(t);
  const second = await testApp(t);
  t.not(first.metrics.registry, second.metrics.registry);
  const claims = new Counter({
    name: 'tickets_claimed_total',
    help: 'claims',
    registers: [first.metrics.registry],
  });
  claims.inc();
  t.match(
    (await first.inject({ url: '/metrics' })).body,
    /tickets_claimed_total\{service="test-service"\} 1/,
  );
  t.notMatch((await second.inject({ url: '/metrics' })).body, /tickets_claimed_total/);
});
