import { fileURLToPath } from 'node:url';
import { seedDemoGuild } from '@guildwire/fake-discord';
import { freePort, spawnTs, waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { botBus, fakeDiscord, jwtSecret } from './fixtures.js';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

t.test('main – killed with -9, the restarted process RESUMEs its shard through KV', async (t) => {
  const discord = await fakeDiscord(t);
  seedDemoGuild(discord.control);
  const bus = await botBus(t);
  const start = async () => {
    const port = await freePort();
    const child = spawnTs(main, {
      t,
      env: {
        PORT: String(port),
        HOST: '127.0.0.1',
        NATS_URL: `nats://${bus.nc.getServer().replace(/^nats:\/\//, '')}`,
        NATS_NAMESPACE: bus.namespace,
        JWT_SECRET: jwtSecret,
        DISCORD_TOKEN: discord.token,
        DISCORD_API_URL: discord.apiUrl,
        LOG_LEVEL: 'info',
      },
    });
    await waitUntil(
      'the bot gateway is ready (its shard connected)',
      async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok ? true : undefined),
      {
        timeoutMs: 60_000,
        abort: () =>
          child.child.exitCode === null ? undefined : new Error(`main exited: ${child.stderr()}`),
      },
    );
    return child;
  };
  const first = await start();
  t.equal(discord.control.gateway.sessions()[0]?.resumes, 0, 'identified');
  await first.kill();
  const logs = `${first.stdoutLines().join('\n')}${first.stderr()}`;
  t.match(logs, /connected to the Discord gateway/, 'it logged');
  t.notOk(logs.includes(discord.token), 'never the bot token');
  await start();
  const sessions = discord.control.gateway.sessions();
  t.equal(sessions.length, 1, 'no second IDENTIFY');
  t.equal(sessions[0]?.resumes, 1, 'the killed replica’s session was resumed');
  t.equal(sessions[0]?.connected, true);
});

t.test('main – a bad environment stops the process with a message naming the variable', async (t) => {
  const child = spawnTs(main, {
    t,
    env: { JWT_SECRET: jwtSecret, NATS_URL: 'nats://127.0.0.1:1', SHARD_IDS: 'all of them' },
  });
  const exit = await child.exited;
  t.not(exit.code, 0);
  t.match(child.stderr(), /SHARD_IDS/);
});
