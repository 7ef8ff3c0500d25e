import { Type } from '@sinclair/typebox';
import t from 'tap';
import {
  authOptionsFromConfig,
  ConfigError,
  DatabaseConfigSchema,
  loadConfig,
  ServiceConfigSchema,
} from '../src/index.js';

const secret = 'a-config-secret-that-is-32-chars-or-more';
const TicketConfigSchema = Type.Composite([
  ServiceConfigSchema,
  DatabaseConfigSchema,
  Type.Object({
    CLAIM_TIMEOUT_MS: Type.Integer({ minimum: 1, default: 30_000 }),
    AUDIT: Type.Boolean({ default: false }),
  }),
]);
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
    NATS_URL: 'nats://127.0.0.1:4222',
    DATABASE_URL: validEnv.DATABASE_URL,
    CLAIM_TIMEOUT_MS: 30_000,
    AUDIT: true,
  });
  t.same(authOptionsFromConfig(config), { secret, issuer: 'guildwire', audience: 'guildwire-dashboard' });
});

t.test('config – a boolean reads true/false and refuses anything else', async (t) => {
  t.equal(loadConfig(TicketConfigSchema, { ...validEnv, AUDIT: 'false' }).AUDIT, false);
  t.throws(() => loadConfig(TicketConfigSchema, { ...validEnv, AUDIT: 'sometimes' }), {
    message: /AUDIT must be boolean \(got "sometimes"\)/,
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
  t.equal(schema.additionalProperties, undefined);
});
