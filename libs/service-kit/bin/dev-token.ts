// Prints a Guildwire token for local development:
//   dev-token --sub 123 --guild 4242=admin --guild 99=member [--ttl 900] [--dev]
// Signs with JWT_SECRET (and JWT_ISSUER / JWT_AUDIENCE); --dev falls back to the local stack's
// development secret when JWT_SECRET is unset.
import { parseArgs } from 'node:util';
import { Type } from 'typebox';
import {
  AuthConfigSchema,
  DEV_JWT_SECRET,
  type GuildRole,
  guildRoles,
  loadConfig,
  signDevToken,
} from '../src/index.js';

const usage =
  'usage: dev-token --sub <userId> --guild <guildId>=<admin|staff|member> [--guild …] [--ttl <seconds>] [--dev]';

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
const secret = config.JWT_SECRET ?? (values.dev ? DEV_JWT_SECRET : undefined);
if (secret === undefined)
  fail('JWT_SECRET is not set (pass --dev to sign with the local development secret)');

const token = signDevToken(
  { sub: values.sub, guilds: Object.fromEntries(values.guild.map(parseGuild)), ttlSeconds },
  { secret, issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE },
);
console.log(token);
