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
