import t from 'tap';
import { defaultLimits, loadGatewayConfig } from '../src/config.js';

const env = {
  JWT_SECRET: 'realtime-gateway-config-test-secret-long-enough',
  NATS_URL: 'nats://127.0.0.1:4222',
};

t.test(
  'config – the limits default to the environment schema, and each variable overrides one',
  async (t) => {
    t.same(loadGatewayConfig(env).limits, defaultLimits);
    t.equal(defaultLimits.maxSubscriptions, 100);
    t.equal(defaultLimits.sendBufferBytes, 4 * 1024 * 1024);
    const limits = loadGatewayConfig({
      ...env,
      RT_MAX_SUBSCRIPTIONS: '5',
      RT_HISTORY_MAX_AGE_MS: '60000',
    }).limits;
    t.same(limits, { ...defaultLimits, maxSubscriptions: 5, historyMaxAgeMs: 60_000 });
    t.ok(Object.isFrozen(limits));
  },
);

t.test('config – a bad limit stops the start with a message naming the variable', async (t) => {
  t.throws(() => loadGatewayConfig({ ...env, RT_MAX_SUBSCRIPTIONS: '0' }), {
    message: /RT_MAX_SUBSCRIPTIONS/,
  });
});

t.test(
  'config – presence expiry shorter than two heartbeats is refused, naming both variables',
  async (t) => {
    t.equal(defaultLimits.maxViews, 8);
    t.equal(defaultLimits.presenceHeartbeatMs, 15_000);
    t.equal(defaultLimits.presenceTtlMs, 45_000);
    t.throws(() => loadGatewayConfig({ ...env, RT_PRESENCE_HEARTBEAT_MS: '30000' }), {
      message: /RT_PRESENCE_TTL_MS.*RT_PRESENCE_HEARTBEAT_MS/,
    });
    t.equal(
      loadGatewayConfig({ ...env, RT_PRESENCE_HEARTBEAT_MS: '100', RT_PRESENCE_TTL_MS: '200' }).limits
        .presenceTtlMs,
      200,
    );
  },
);
