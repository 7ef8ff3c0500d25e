import { guildEventsStream } from '@guildwire/contracts';
import { seedDemoGuild } from '@guildwire/fake-discord';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { botBus, fakeDiscord, startBot } from '../fixtures.js';
import { publishOpened, recordBotCommands, ticketOf, welcomeIn } from './ticket-fixtures.js';

const createChannel = /^\/guilds\/\d+\/channels$/;
const postMessage = /^\/channels\/\d+\/messages$/;

t.test(
  'faults – a 5xx is retried by @discordjs/rest: the effect completes without a redelivery',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const commands = await recordBotCommands(t, bus);
    await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    discord.control.serverError({ count: 2, status: 503, method: 'POST', path: createChannel });
    // Opened on the dashboard (no interaction): a text channel.
    const ticket = ticketOf(demo.guildId, demo.userIds.alice);
    await publishOpened(bus, ticket);
    await waitUntil('set_channel', async () => commands.setChannel[0]);
    const channels = discord.control
      .channels(demo.guildId)
      .filter((c) => c.name === `ticket-${ticket.number}`);
    t.equal(channels.length, 1, 'one channel');
    t.equal(discord.control.messages(channels[0]!.id).length, 1, 'one welcome message');
    t.same(
      discord.control
        .requests()
        .filter((r) => r.method === 'POST' && createChannel.test(r.path))
        .map((r) => r.status),
      [503, 503, 201],
      'two 503s, then the retry created it',
    );
    const info = await bus.jsm.consumers.info(bus.streamName(guildEventsStream), 'bot-gateway-side-effects');
    t.equal(info.num_redelivered, 0, 'the event was handled in one delivery');
  },
);

t.test(
  'faults – 5xx past the retries: the event is nak’ed, comes back and completes; nothing lost or posted twice',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const commands = await recordBotCommands(t, bus);
    const { app } = await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    // @discordjs/rest tries 4 times (retries: 3): the welcome message fails for good once.
    discord.control.serverError({ count: 4, status: 502, method: 'POST', path: postMessage });
    const ticket = ticketOf(demo.guildId, demo.userIds.alice);
    await publishOpened(bus, ticket);
    await waitUntil('set_channel after the redelivery', async () => commands.setChannel[0], {
      timeoutMs: 60_000,
    });
    // A second ticket after it is unaffected.
    const next = ticketOf(demo.guildId, demo.userIds.bob);
    await publishOpened(bus, next);
    await waitUntil('set_channel of the second', async () => commands.setChannel[1], { timeoutMs: 60_000 });
    for (const opened of [ticket, next]) {
      const channels = discord.control
        .channels(demo.guildId)
        .filter((c) => c.name === `ticket-${opened.number}`);
      t.equal(
        channels.length,
        1,
        `ticket ${opened.number}: one channel (the redelivery did not make another)`,
      );
      await welcomeIn(discord, channels[0]!.id);
      t.equal(
        discord.control.messages(channels[0]!.id).length,
        1,
        `ticket ${opened.number}: one welcome message`,
      );
      t.equal(
        commands.setChannel.filter((c) => c.ticketId === opened.id).length,
        1,
        `ticket ${opened.number}: recorded once`,
      );
    }
    const posts = discord.control.requests().filter((r) => r.method === 'POST' && postMessage.test(r.path));
    t.equal(posts.filter((r) => r.status === 502).length, 4, 'four 502s');
    t.equal(posts.filter((r) => r.status === 200).length, 2, 'then one message per ticket');
    const metrics = (await app.inject({ url: '/metrics' })).body;
    t.match(
      metrics,
      /discord_side_effects_total\{type="ticket.opened",outcome="failed",[^}]*\} 1\n/,
      'the first delivery failed (nak’ed); the redelivery completed it',
    );
  },
);
