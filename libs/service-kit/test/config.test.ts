import t from 'tap';
import { Type } from 'typebox';
import {
  authOptionsFromConfig,
  ConfigError,
  DatabaseConfigSchema,
  httpOptionsFromConfig,
  loadConfig,
  ServiceConfigSchema,
} from '../src/index.js';

const secret = 'a-config-secret-that-is-32-chars-or-more';
const TicketConfigSchema = Type.Object({
  ...ServiceConfigSchema.properties,
  ...DatabaseConfigSchema.properties,
  CLAIM_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 30_000 }),
  AUDIT: Type.Boolean({ default: false }),
});
const validEnv = {
  JWT_SECRET: secret,
  NATS_URL: 'nats://127.0.0.1:4222',
  DATABASE_URL: 'postgres://guildwire:pw@127.0.0.1:5432/ticket',
};

t.test('config – valid values are coerced and defaults applied', async (t) => {
  const config = loadConfig(TicketConfigSchema, { ...validEnv, PORT: '8080', AUDIT: 'true', UNRELATED: 'x' });
  t.same(config, {
    PORT: 8080,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    JWT_SECRET: secret,
    JWT_ISSUER: 'guildwire',
    JWT_AUDIENCE: 'guildwire-dashboard',
    JWT_JWKS_MIN_REFETCH_MS: 30_000,
    NATS_URL: 'nats://127.0.0.1:4222',
    NATS_NAMESPACE: '',
    STREAM_REPLICAS: 1,
    CORS_ORIGINS: '',
    RATE_LIMIT_PER_MINUTE: 1200,
    DATABASE_URL: validEnv.DATABASE_URL,
    DB_POOL_SIZE: 10,
    CLAIM_TIMEOUT_MS: 30_000,
    AUDIT: true,
  });
  t.same(authOptionsFromConfig(config), { secret, issuer: 'guildwire', audience: 'guildwire-dashboard' });
});

t.test(
  "config – JWT_JWKS_URL verifies against the issuer's keys; exactly one of it and JWT_SECRET",
  async (t) => {
    const { JWT_SECRET: _, ...withoutSecret } = validEnv;
    const jwksUrl = 'http://127.0.0.1:3106/.well-known/jwks.json';
    const jwks = loadConfig(ServiceConfigSchema, {
      ...withoutSecret,
      JWT_JWKS_URL: jwksUrl,
      JWT_JWKS_MIN_REFETCH_MS: '0',
    });
    t.same(authOptionsFromConfig(jwks), {
      jwks: { url: jwksUrl, minRefetchMs: 0 },
      issuer: 'guildwire',
      audience: 'guildwire-dashboard',
    });
    const both = loadConfig(ServiceConfigSchema, { ...validEnv, JWT_JWKS_URL: jwksUrl });
    t.throws(() => authOptionsFromConfig(both), {
      code: 'GW_ERR_CONFIG',
      message: /JWT_JWKS_URL or JWT_SECRET, not both/,
    });
    const neither = loadConfig(ServiceConfigSchema, withoutSecret);
    t.throws(() => authOptionsFromConfig(neither), {
      code: 'GW_ERR_CONFIG',
      message: /JWT_JWKS_URL .* or JWT_SECRET is required/,
    });
    t.throws(() => loadConfig(ServiceConfigSchema, { ...withoutSecret, JWT_JWKS_URL: 'file:///etc/keys' }), {
      message: /JWT_JWKS_URL must match pattern/,
    });
  },
);

t.test('config – AUDIT reads true/false and refuses anything else', async (t) => {
  t.equal(loadConfig(TicketConfigSchema, { ...validEnv, AUDIT: 'false' }).AUDIT, false);
  t.throws(() => loadConfig(TicketConfigSchema, { ...validEnv, AUDIT: 'sometimes' }), {
    message: /AUDIT must be boolean \(got "sometimes"\)/,
  });
});

t.test('config – CORS_ORIGINS takes a comma-separated list of origins', async (t) => {
  const config = loadConfig(ServiceConfigSchema, {
    ...validEnv,
    CORS_ORIGINS: 'http://localhost:5173,https://dash.example.org',
  });
  t.same(httpOptionsFromConfig(config).corsOrigins, ['http://localhost:5173', 'https://dash.example.org']);
  t.same(httpOptionsFromConfig(loadConfig(ServiceConfigSchema, validEnv)).corsOrigins, []);
  t.throws(() => loadConfig(ServiceConfigSchema, { ...validEnv, CORS_ORIGINS: 'dash.example.org' }), {
    message: /CORS_ORIGINS must match pattern/,
  });
});

t.test('config – the result is frozen', async (t) => {
  const config = loadConfig(ServiceConfigSchema, validEnv);
  t.ok(Object.isFrozen(config));
  t.throws(() => {
    (config as { PORT: number }).PORT = 1;
  }, TypeError);
});

t.test('config – a bad value names the variable and the value', async (t) => {
  const err = t.throws(() => loadConfig(ServiceConfigSchema, { ...validEnv, PORT: 'abc' }));
  t.ok(err instanceof ConfigError);
  t.equal((err as Error).message, 'Invalid configuration: PORT must be integer (got "abc")');
  t.equal((err as { code?: string }).code, 'GW_ERR_CONFIG');
});

t.test('config – STREAM_REPLICAS is 1 to 5 (JetStream keeps at most 5 replicas)', async (t) => {
  t.equal(loadConfig(ServiceConfigSchema, { ...validEnv, STREAM_REPLICAS: '3' }).STREAM_REPLICAS, 3);
  for (const bad of ['0', '6', 'three'])
    t.throws(() => loadConfig(ServiceConfigSchema, { ...validEnv, STREAM_REPLICAS: bad }), {
      message: new RegExp(`^Invalid configuration: STREAM_REPLICAS must be .*\\(got "${bad}"\\)$`),
    });
});

t.test('config – a missing variable is named; every problem is listed', async (t) => {
  t.throws(() => loadConfig(ServiceConfigSchema, { JWT_SECRET: secret, LOG_LEVEL: 'loud' }), {
    message: /NATS_URL is required.*LOG_LEVEL must be equal to one of the allowed values: fatal, error/,
  });
});

t.test('config – a secret value is never echoed in the message', async (t) => {
  const err = t.throws(() => loadConfig(ServiceConfigSchema, { ...validEnv, JWT_SECRET: 'short-secret' }));
  t.match((err as Error).message, /JWT_SECRET must NOT have fewer than 32 characters/);
  t.notMatch((err as Error).message, /short-secret/);
});

t.test('config – the schema given is not mutated', async (t) => {
  const schema = Type.Object({ A: Type.String({ default: 'a' }) });
  loadConfig(schema, {});
  t.equal((schema as { additionalProperties?: unknown }).additionalProperties, undefined);
});
