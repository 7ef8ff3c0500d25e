// Prints a Guildwire token for local development:
//   dev-token --sub 123 --guild 4242=admin --guild 99=member [--ttl 900] [--dev | --key <file>]
// Signs with JWT_SECRET (and JWT_ISSUER / JWT_AUDIENCE); --dev falls back to the local stack's
// development secret when JWT_SECRET is unset; --key signs with a private key (PEM or JWK, e.g. the
// dashboard's .data/dashboard-keys.json signing key) for services that verify against its JWKS.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Type } from 'typebox';
import {
  AuthConfigSchema,
  DEV_JWT_SECRET,
  type GuildRole,
  guildRoles,
  loadConfig,
  parseSigningKey,
  signDevToken,
} from '../src/index.js';

const usage =
  'usage: dev-token --sub <userId> --guild <guildId>=<admin|staff|member> [--guild …] [--ttl <seconds>] [--dev | --key <file>]';

function fail(message: string): never {
  console.error(`dev-token: ${message}\n${usage}`);
  process.exit(2);
}

function parseGuild(spec: string): [string, GuildRole] {
  const [id, role] = spec.split('=');
  if (id === undefined || !/^[0-9]{1,20}$/.test(id))
    fail(`--guild ${spec}: guild id must be a Discord snowflake`);
  if (!guildRoles.includes(role as GuildRole))
    fail(`--guild ${spec}: role must be one of ${guildRoles.join(', ')}`);
  return [id, role as GuildRole];
}

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        sub: { type: 'string' },
        guild: { type: 'string', multiple: true, default: [] },
        ttl: { type: 'string', default: '900' },
        dev: { type: 'boolean', default: false },
        key: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (err) {
    return fail((err as Error).message);
  }
})();

if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (values.sub === undefined || !/^[0-9]{1,20}$/.test(values.sub)) fail('--sub must be a Discord user id');
const ttlSeconds = Number(values.ttl);
if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) fail('--ttl must be a positive number of seconds');

const DevTokenConfigSchema = Type.Object({
  ...AuthConfigSchema.properties,
  JWT_SECRET: Type.Optional(AuthConfigSchema.properties.JWT_SECRET),
});
const config = (() => {
  try {
    return loadConfig(DevTokenConfigSchema);
  } catch (err) {
    return fail((err as Error).message);
  }
})();
const signingKey = (() => {
  if (values.key === undefined) return undefined;
  try {
    const text = readFileSync(values.key, 'utf8');
    // The launcher's key file holds { signingKey, … }; a bare PEM or JWK is read as it is.
    const stored = text.trim().startsWith('{') ? (JSON.parse(text) as { signingKey?: unknown }) : {};
    return parseSigningKey(stored.signingKey === undefined ? text : JSON.stringify(stored.signingKey));
  } catch (err) {
    return fail(`--key ${values.key}: ${(err as Error).message}`);
  }
})();
const secret = config.JWT_SECRET ?? (values.dev ? DEV_JWT_SECRET : undefined);
if (secret === undefined && signingKey === undefined)
  fail('JWT_SECRET is not set (pass --dev to sign with the local development secret, or --key)');

const token = signDevToken(
  { sub: values.sub, guilds: Object.fromEntries(values.guild.map(parseGuild)), ttlSeconds },
  {
    ...(signingKey === undefined ? { secret: secret! } : { signingKey }),
    issuer: config.JWT_ISSUER,
    audience: config.JWT_AUDIENCE,
  },
);
console.log(token);
