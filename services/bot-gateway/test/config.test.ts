import t from 'tap';
import { discordToken, fakeDiscordToken, loadBotGatewayConfig } from '../src/config.js';

const base = { JWT_SECRET: 'x'.repeat(32), NATS_URL: 'nats://127.0.0.1:4222' };

t.test('config – real Discord needs a token; a fake Discord gets its default one', async (t) => {
  t.throws(() => loadBotGatewayConfig(base), /DISCORD_TOKEN is required/);
  const fake = loadBotGatewayConfig({ ...base, DISCORD_API_URL: 'http://127.0.0.1:3190/api' });
  t.equal(discordToken(fake), fakeDiscordToken);
  const real = loadBotGatewayConfig({
    ...base,
    DISCORD_TOKEN: 'secret-token',
    SHARD_IDS: '0-3',
    SHARD_COUNT: '8',
  });
  t.equal(discordToken(real), 'secret-token');
  t.equal(real.SHARD_COUNT, 8);
  t.throws(() => loadBotGatewayConfig({ ...base, DISCORD_TOKEN: 't', SHARD_IDS: 'all' }), /SHARD_IDS/);
  t.throws(
    () => loadBotGatewayConfig({ ...base, DISCORD_TOKEN: 't', DEFER_AFTER_MS: '5000' }),
    /DEFER_AFTER_MS/,
  );
});

t.test('config – automatic shards need a shard count; command scope and member cache', async (t) => {
  const env = { ...base, DISCORD_TOKEN: 't' };
  t.throws(
    () => loadBotGatewayConfig({ ...env, SHARD_IDS: 'auto' }),
    /SHARD_COUNT is required with SHARD_IDS=auto/,
  );
  const auto = loadBotGatewayConfig({ ...env, SHARD_IDS: 'auto', SHARD_COUNT: '4' });
  t.equal(auto.SHARD_IDS, 'auto');
  t.equal(auto.SHARD_LEASE_TTL_MS, 15_000);
  t.throws(() => loadBotGatewayConfig({ ...env, SHARD_LEASE_TTL_MS: '10' }), /SHARD_LEASE_TTL_MS/);
  t.equal(auto.COMMANDS_SCOPE, 'global');
  t.equal(loadBotGatewayConfig({ ...env, COMMANDS_SCOPE: 'guild' }).COMMANDS_SCOPE, 'guild');
  t.throws(
    () => loadBotGatewayConfig({ ...env, COMMANDS_SCOPE: 'everywhere' }),
    /COMMANDS_SCOPE.*global, guild/,
  );
  t.equal(auto.MEMBER_CACHE_PER_GUILD, 1000);
});
