import { seedDemoGuild } from '@guildwire/fake-discord';
import t from 'tap';
import { globalRequestsPerSecond, outsideGlobalLimit } from '../../src/discord/global-limit.js';
import { botBus, fakeDiscord, startBot } from '../fixtures.js';

/** The most arrival times that fit in any window of `windowMs` (a sliding window, not fixed seconds). */
function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

t.test('global rate limit – a burst of 150 requests never puts more than 50 in any second', async (t) => {
  const discord = await fakeDiscord(t);
  const demo = seedDemoGuild(discord.control);
  // 150 channels: one per-route bucket each, so only the global limit can hold the burst back.
  const channels = Array.from({ length: 150 }, (_, i) =>
    discord.control.createChannel(demo.guildId, { name: `burst-${i}` }),
  );
  const bus = await botBus(t);
  const { app } = await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false', SIDE_EFFECTS: 'false' });
  const before = discord.control.requests().length;
  const fetched = await Promise.all(channels.map((c) => app.discord.api.channels.get(c.id)));
  t.same(
    fetched.map((c) => c.id),
    channels.map((c) => c.id),
    'every request answered',
  );
  const burst = discord.control.requests().slice(before);
  t.equal(burst.length, 150, 'no request retried: none was limited by Discord');
  t.equal(globalRequestsPerSecond, 50);
  const busiest = busiestWindow(
    burst.map((r) => r.receivedAt),
    1000,
  );
  t.ok(busiest <= 50, `at most 50 requests arrived within any second (busiest: ${busiest})`);
  t.ok(busiest >= 40, 'and the limiter let close to 50 through (it is a limit, not a crawl)');
});

t.test('global rate limit – interaction answers and token webhooks are outside it', async (t) => {
  const api = 'http://127.0.0.1:1/api/v10';
  t.ok(outsideGlobalLimit(`${api}/interactions/1578421876810711041/aW50ZXJhY3Rpb24/callback`));
  t.ok(
    outsideGlobalLimit(`${api}/interactions/1578421876810711041/aW50ZXJhY3Rpb24/callback?with_response=true`),
  );
  t.ok(outsideGlobalLimit(`${api}/webhooks/1300000000000000001/aW50ZXJhY3Rpb24/messages/@original`));
  t.notOk(outsideGlobalLimit(`${api}/channels/1300000000000000105/messages`));
  t.notOk(
    outsideGlobalLimit(`${api}/webhooks/1300000000000000001`),
    'a webhook read with the bot token counts',
  );
  t.notOk(outsideGlobalLimit(`${api}/applications/1300000000000000001/commands`));
});
