import { seedDemoGuild } from '@guildwire/fake-discord';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { openBotBuckets } from '../../src/state/buckets.js';
import { botBus, fakeDiscord, startBot } from '../fixtures.js';

const quiet = { SIDE_EFFECTS: 'false' };

t.test(
  'commands – by default the slash commands are registered globally at start, not per guild',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    await startBot(t, discord, bus, quiet);
    t.same(
      discord.control.commands().map((c) => c.name),
      ['ticket', 'giveaway', 'tag'],
    );
    t.same(discord.control.commands(demo.guildId), []);
  },
);

t.test(
  'commands – COMMANDS_SCOPE=guild registers in each guild, overwriting only when the definition changed',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const env = { ...quiet, COMMANDS_SCOPE: 'guild' };
    const overwrites = (guildId: string) =>
      discord.control
        .requests()
        .filter(
          (r) =>
            r.method === 'PUT' &&
            r.path === `/applications/${discord.applicationId}/guilds/${guildId}/commands`,
        );

    const first = await startBot(t, discord, bus, env);
    await waitUntil('registered in the demo guild', async () =>
      overwrites(demo.guildId).length === 1 ? true : undefined,
    );
    t.same(
      discord.control.commands(demo.guildId).map((c) => c.name),
      ['ticket', 'giveaway', 'tag'],
      'the guild has /ticket and /giveaway at once',
    );
    t.same(discord.control.commands(), [], 'nothing global');

    // The bot joins another guild: its GUILD_CREATE registers there.
    const other = discord.control.createGuild({ name: 'dev server', ownerId: demo.userIds.alice });
    await waitUntil('registered in the new guild', async () =>
      overwrites(other.id).length === 1 ? true : undefined,
    );

    // A fresh IDENTIFY sends GUILD_CREATE for every guild again: only a guild whose recorded hash
    // differs (as after a deploy that changed the commands) is overwritten.
    const buckets = await openBotBuckets(bus);
    await first.close();
    await buckets.commands.put(`guild.${demo.guildId}`, 'an older definition');
    discord.control.gateway.invalidateSessions();
    const second = await startBot(t, discord, bus, env);
    t.equal(discord.control.gateway.sessions().filter((s) => s.connected)[0]?.resumes, 0, 'identified');
    await waitUntil('the stale guild re-registered', async () =>
      overwrites(demo.guildId).length === 2 ? true : undefined,
    );
    t.equal(overwrites(other.id).length, 1, 'the guild whose hash matched got no request');

    // A RESUME sends no GUILD_CREATE: the guilds recorded for the shard are checked instead.
    await second.close();
    await buckets.commands.put(`guild.${other.id}`, 'an older definition');
    await startBot(t, discord, bus, env);
    t.equal(discord.control.gateway.sessions().find((s) => s.connected)?.resumes, 1, 'resumed');
    await waitUntil('re-registered after the RESUME', async () =>
      overwrites(other.id).length === 2 ? true : undefined,
    );
    t.equal(overwrites(demo.guildId).length, 2, 'the guild whose hash matched was left alone');
  },
);
