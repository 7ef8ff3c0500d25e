import { seedDemoGuild } from '@guildwire/fake-discord';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { botBus, fakeDiscord, startBot } from '../fixtures.js';

const quiet = { REGISTER_COMMANDS: 'false', SIDE_EFFECTS: 'false' };

t.test(
  'sessions – a restarted replica RESUMEs the session kept in NATS KV instead of identifying',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const first = await startBot(t, discord, bus, quiet);
    t.equal(
      first.app.discord.cache.guild(demo.guildId)?.name,
      'Guildwire Demo',
      'GUILD_CREATE filled the cache',
    );
    const [session] = discord.control.gateway.sessions();
    t.equal(session?.resumes, 0, 'the first replica identified');
    await first.close();

    // Something happens while no replica is connected.
    discord.control.createChannel(demo.guildId, { name: 'made-while-away' });
    const second = await startBot(t, discord, bus, quiet);
    const sessions = discord.control.gateway.sessions();
    t.equal(sessions.length, 1, 'no new session: the replica did not IDENTIFY');
    t.equal(sessions[0]?.id, session?.id);
    t.equal(sessions[0]?.resumes, 1, 'the session was resumed');
    // Discord sends no GUILD_CREATE after a RESUME: the guild is fetched on first use.
    const guild = await second.app.discord.guild(demo.guildId);
    t.ok(
      [...(guild?.channels.values() ?? [])].find((c) => c.name === 'made-while-away'),
      'the guild fetched after the RESUME has the channel made while no replica was connected',
    );
    const later = discord.control.createChannel(demo.guildId, { name: 'made-after-resume' });
    await waitUntil('CHANNEL_CREATE applied to the cache', async () =>
      second.app.discord.cache.guild(demo.guildId)?.channels.get(later.id),
    );
    t.pass('dispatches after the RESUME keep the cache current');
    t.equal(await second.app.discord.guild('1'), undefined, 'a guild the bot is not in');
  },
);

t.test('sessions – a session Discord forgot makes the replica identify again', async (t) => {
  const discord = await fakeDiscord(t);
  seedDemoGuild(discord.control);
  const bus = await botBus(t);
  const first = await startBot(t, discord, bus, quiet);
  await first.close();
  discord.control.gateway.invalidateSessions();
  await startBot(t, discord, bus, quiet);
  const sessions = discord.control.gateway.sessions().filter((s) => s.connected);
  t.equal(sessions.length, 1, 'one connected session');
  t.equal(sessions[0]?.resumes, 0, 'a fresh IDENTIFY');
});
