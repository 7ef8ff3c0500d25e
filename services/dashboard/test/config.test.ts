import { exportSigningKey, generateSigningKey } from '@guildwire/service-kit';
import t from 'tap';
import { loadDashboardConfig } from '../src/config.js';
import { loadKeyRing } from '../src/keys/key-ring.js';
import { sessionSecrets } from '../src/keys/session-secrets.js';
import { decodeAttempt, encodeAttempt, newLoginAttempt, safeReturnPath } from '../src/login/login-attempt.js';

const base = {
  NATS_URL: 'nats://127.0.0.1:4222',
  DATABASE_URL: 'postgres://x@127.0.0.1/x',
  DISCORD_CLIENT_ID: '1234',
  DISCORD_CLIENT_SECRET: 'shh',
};

t.test('config – defaults, and bad values named without echoing secrets', async (t) => {
  const config = loadDashboardConfig(base);
  t.match(config, { PORT: 3106, DASHBOARD_ACCESS_TOKEN_TTL_S: 600, DASHBOARD_COOKIE_SECURE: true });
  t.throws(() => loadDashboardConfig({ ...base, DASHBOARD_SESSION_SECRET: 'short-one' }), {
    message: /DASHBOARD_SESSION_SECRET must have at least 32 characters \(got a hidden value\)/,
  });
  const err = t.throws(() => loadDashboardConfig({ ...base, DISCORD_CLIENT_ID: 'my-app' })) as Error;
  t.match(err.message, /DISCORD_CLIENT_ID must match pattern/);
  t.throws(() => loadDashboardConfig({ ...base, DASHBOARD_PUBLIC_URL: 'http://x.example/app' }), {
    message: /DASHBOARD_PUBLIC_URL/,
  });
  t.throws(
    () =>
      loadDashboardConfig({ ...base, DASHBOARD_SESSION_IDLE_S: '999999', DASHBOARD_SESSION_TTL_S: '3600' }),
    {
      message: /must not exceed/,
    },
  );
});

t.test(
  'keys – a configured key (PEM or JWK) signs; the previous one is published; made at start otherwise',
  async (t) => {
    const current = generateSigningKey();
    const previous = generateSigningKey();
    const ring = loadKeyRing({
      DASHBOARD_SIGNING_KEY: current.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      DASHBOARD_PREVIOUS_SIGNING_KEY: JSON.stringify(exportSigningKey(previous)),
    });
    t.equal(ring.current.kid, current.kid);
    t.same(
      ring.published.map((k) => k.kid),
      [current.kid, previous.kid],
    );
    t.equal(ring.generated, false);
    t.equal(loadKeyRing({ DASHBOARD_SIGNING_KEY: '', DASHBOARD_PREVIOUS_SIGNING_KEY: '' }).generated, true);
    const same = JSON.stringify(exportSigningKey(current));
    t.throws(() => loadKeyRing({ DASHBOARD_SIGNING_KEY: same, DASHBOARD_PREVIOUS_SIGNING_KEY: same }), {
      code: 'GW_ERR_CONFIG',
      message: /same kid/,
    });
    t.throws(() => loadKeyRing({ DASHBOARD_SIGNING_KEY: 'garbage', DASHBOARD_PREVIOUS_SIGNING_KEY: '' }), {
      message: /DASHBOARD_SIGNING_KEY: the signing key is neither a PEM nor a JWK/,
    });
  },
);

t.test('secrets – sealed Discord tokens open only with the same secret and unaltered', async (t) => {
  const a = sessionSecrets('a'.repeat(40));
  const sealed = a.tokenBox.seal('{"accessToken":"x"}');
  t.equal(sessionSecrets('a'.repeat(40)).tokenBox.open(sealed), '{"accessToken":"x"}');
  t.throws(() => sessionSecrets('b'.repeat(40)).tokenBox.open(sealed));
  sealed[sealed.length - 1]! ^= 1;
  t.throws(() => a.tokenBox.open(sealed), 'tampering is detected');
  t.not(a.cookieSecret, sessionSecrets('b'.repeat(40)).cookieSecret);
});

t.test('login attempt – round-trips through the cookie; a return path stays on the site', async (t) => {
  const attempt = newLoginAttempt('/tickets?x=1');
  t.same(decodeAttempt(encodeAttempt(attempt)), attempt);
  t.equal(decodeAttempt('not base64 json'), undefined);
  for (const bad of ['//evil', '/\\evil', 'https://evil', 'evil', '/a\nb', undefined])
    t.equal(safeReturnPath(bad), '/', String(bad));
  t.equal(safeReturnPath('/guilds/1/tickets#new'), '/guilds/1/tickets#new');
});
