import { seedDemoGuild } from '@guildwire/fake-discord';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { answerText, botBus, fakeDiscord, startBot } from '../fixtures.js';

t.test(
  'bad payloads – undecodable and malformed gateway frames are dropped; the bot keeps working',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const { app } = await startBot(t, discord, bus, { SIDE_EFFECTS: 'false' });
    const frames = [
      'this is not json {',
      JSON.stringify({ op: 0, t: 'GUILD_CREATE', d: null }),
      JSON.stringify({ op: 0, t: 'CHANNEL_CREATE', d: { id: 'x' } }),
      JSON.stringify({ op: 0, t: 'GUILD_ROLE_CREATE', d: { guild_id: demo.guildId } }),
      JSON.stringify({ op: 0, t: 'INTERACTION_CREATE', d: { type: 3, id: '1', token: 't' } }),
      JSON.stringify({
        op: 0,
        t: 'INTERACTION_CREATE',
        d: { type: 2, id: '2', token: 't', guild_id: demo.guildId },
      }),
    ];
    for (const frame of frames) t.equal(discord.control.gateway.sendRaw(frame), 1);

    // A real dispatch after them is applied, and an interaction is answered: the connection survived.
    const channel = discord.control.createChannel(demo.guildId, { name: 'after-the-garbage' });
    await waitUntil('the channel in the cache', async () =>
      app.discord.cache.guild(demo.guildId)?.channels.get(channel.id),
    );
    const ix = discord.control.runSlashCommand({
      channelId: demo.generalChannelId,
      userId: demo.userIds.sam,
      name: 'ticket',
      subcommand: 'unclaim',
    });
    t.equal(await answerText(discord, ix.id), "/ticket unclaim works inside a ticket's thread or channel.");
    t.equal(discord.control.gateway.sessions().length, 1, 'still the first session');
  },
);
