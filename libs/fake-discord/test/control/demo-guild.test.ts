import t from 'tap';
import { demoIds, seedDemoGuild } from '../../src/index.js';
import { fakeDiscordForTest } from '../fixtures.js';

t.test(
  'demo guild – the same ids on every start, with its channels, roles and members in place',
  async (t) => {
    const first = seedDemoGuild((await fakeDiscordForTest(t)).control);
    const second = seedDemoGuild((await fakeDiscordForTest(t)).control);
    t.same(second, first, 'a second start seeds the same ids');
    t.equal(first.guildId, demoIds.guild);
    t.same(first.userIds, { alice: demoIds.alice, bob: demoIds.bob, sam: demoIds.sam });

    const server = await fakeDiscordForTest(t);
    const demo = seedDemoGuild(server.control);
    const panel = server.control.channel(demo.ticketPanelChannelId);
    t.equal(panel?.parent_id, demoIds.support, 'the panel channel sits in the support category');
    const guild = server.control.guild(demo.guildId);
    t.ok(guild?.roles.has(demoIds.staffRole), 'the staff role exists');
    t.ok(guild?.members.get(demoIds.sam)?.roles.includes(demoIds.staffRole), 'sam holds it');
  },
);
