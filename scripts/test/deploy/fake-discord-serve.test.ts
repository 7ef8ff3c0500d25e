// The fake Discord as the image's fake-discord target runs it (dist/tools/fake-discord.mjs, node
// alone): it advertises the public URL to bots, has the fixed application id the Compose file gives
// the dashboard, seeds the demo guild, and stops cleanly on SIGTERM (docker stop).
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { demoIds } from '@guildwire/fake-discord';
import { freePort, waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { bundleTools, toolPath } from '../../bundle.js';

t.test('fake-discord tool – serves the demo guild under its public name, stops on SIGTERM', async (t) => {
  await bundleTools();
  const port = await freePort();
  const child = spawn(process.execPath, [toolPath('fake-discord')], {
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      FAKE_DISCORD_PUBLIC_URL: `http://fake-discord:${port}`,
      FAKE_DISCORD_APPLICATION_ID: '1300000000000000001',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  t.teardown(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    'fake Discord up',
    async () => ((await fetch(`${url}/__control/state`).catch(() => undefined))?.ok ? true : undefined),
    {
      timeoutMs: 30_000,
      abort: () => (child.exitCode === null ? undefined : new Error(`exited: ${stderr}`)),
    },
  );
  const bot = { authorization: 'Bot fake-discord-bot-token' };
  const gateway = (await (await fetch(`${url}/api/v10/gateway/bot`, { headers: bot })).json()) as {
    url: string;
  };
  t.equal(gateway.url, `ws://fake-discord:${port}/gateway`, 'bots are sent to the public name');
  const app = (await (await fetch(`${url}/api/v10/applications/@me`, { headers: bot })).json()) as {
    id: string;
  };
  t.equal(app.id, '1300000000000000001', 'the application id the dashboard is configured with');
  const guild = await fetch(`${url}/__control/guilds/${demoIds.guild}`);
  t.equal(guild.status, 200, 'the demo guild is seeded');
  const unauthorised = await fetch(`${url}/api/v10/applications/@me`, {
    headers: { authorization: 'Bot wrong' },
  });
  t.equal(unauthorised.status, 401, 'another token is refused');

  child.kill('SIGTERM');
  const [code] = await once(child, 'exit');
  t.equal(code, 0, 'SIGTERM stops it with exit code 0');
});
