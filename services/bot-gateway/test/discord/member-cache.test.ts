import { requestCommand } from '@guildwire/bus';
import { discordCommands } from '@guildwire/contracts';
import { type FakeDiscord, seedDemoGuild } from '@guildwire/fake-discord';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { botBus, fakeDiscord, startBot, tokenFor } from '../fixtures.js';

const quiet = { REGISTER_COMMANDS: 'false', SIDE_EFFECTS: 'false' };

/** REST reads of one guild member so far. */
const memberFetches = (discord: FakeDiscord, guildId: string) =>
  discord.control
    .requests()
    .filter((r) => r.method === 'GET' && r.path.startsWith(`/guilds/${guildId}/members/`)).length;

t.test(
  'member cache – answers from GUILD_CREATE and GUILD_MEMBER_* without REST; a change shows in the next answer',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const { app } = await startBot(t, discord, bus, quiet);
    const ask = (userId: string) =>
      requestCommand(bus, discordCommands.memberRoles, { guildId: demo.guildId, userId });
    const members = () => app.discord.cache.guild(demo.guildId)?.members;

    t.same((await ask(demo.userIds.sam)).roleIds, [demo.staffRoleId], 'from GUILD_CREATE');
    t.equal(memberFetches(discord, demo.guildId), 0, 'no REST request');

    // Staff role taken away in Discord: GUILD_MEMBER_UPDATE updates the cache.
    discord.control.updateMember(demo.guildId, demo.userIds.sam, { roles: [] });
    await waitUntil('GUILD_MEMBER_UPDATE applied', async () =>
      members()?.get(demo.userIds.sam)?.length === 0 ? true : undefined,
    );
    t.same((await ask(demo.userIds.sam)).roleIds, [], 'the next answer has the new roles');
    // Over HTTP too (the dashboard's route).
    const http = await app.inject({
      url: `/v1/guilds/${demo.guildId}/discord/members/${demo.userIds.sam}/roles`,
      headers: tokenFor(demo.userIds.sam, { [demo.guildId]: 'member' }),
    });
    t.same(http.json().roleIds, []);

    // Alice leaves: GUILD_MEMBER_REMOVE.
    discord.control.removeMember(demo.guildId, demo.userIds.alice);
    await waitUntil('GUILD_MEMBER_REMOVE applied', async () =>
      members()?.get(demo.userIds.alice) === null ? true : undefined,
    );
    t.match(await ask(demo.userIds.alice), { isMember: false, roleIds: [] });

    // Someone joins: GUILD_MEMBER_ADD.
    const newcomer = discord.control.createUser({ username: 'newcomer' });
    discord.control.addMember(demo.guildId, newcomer.id, { roles: [demo.staffRoleId] });
    await waitUntil('GUILD_MEMBER_ADD applied', async () => members()?.get(newcomer.id));
    t.match(await ask(newcomer.id), { isMember: true, roleIds: [demo.staffRoleId] });
    t.equal(memberFetches(discord, demo.guildId), 0, 'every answer so far came from the cache');

    // A user the cache has never seen: one REST request, then cached (as not a member).
    const stranger = discord.control.createUser({ username: 'stranger' });
    t.match(await ask(stranger.id), { isMember: false });
    t.match(await ask(stranger.id), { isMember: false });
    t.equal(memberFetches(discord, demo.guildId), 1, 'one REST request for the miss');
  },
);

t.test('member cache – bounded per guild; misses fall back to REST', async (t) => {
  const discord = await fakeDiscord(t);
  const demo = seedDemoGuild(discord.control);
  const bus = await botBus(t);
  const { app } = await startBot(t, discord, bus, { ...quiet, MEMBER_CACHE_PER_GUILD: '2' });
  const guild = app.discord.cache.guild(demo.guildId);
  t.ok(guild && guild.members.size <= 2, `at most 2 members cached (${guild?.members.size})`);
  for (let i = 0; i < 5; i++) {
    const user = discord.control.createUser({ username: `joiner-${i}` });
    discord.control.addMember(demo.guildId, user.id);
  }
  const last = discord.control.createUser({ username: 'last' });
  discord.control.addMember(demo.guildId, last.id);
  await waitUntil('the last join applied', async () => guild?.members.get(last.id));
  t.equal(guild?.members.size, 2, 'still 2 after many joins');
  const everyone = [demo.userIds.alice, demo.userIds.bob, demo.userIds.sam];
  for (const userId of everyone) {
    const reply = await requestCommand(bus, discordCommands.memberRoles, { guildId: demo.guildId, userId });
    t.equal(reply.isMember, true);
  }
  t.ok(memberFetches(discord, demo.guildId) >= 1, 'evicted members were fetched over REST');
});

t.test(
  'member cache – MEMBER_CACHE_PER_GUILD=0: no cache, no privileged intent, REST every time',
  async (t) => {
    const off = await fakeDiscord(t);
    const offDemo = seedDemoGuild(off.control);
    const bus = await botBus(t);
    const { app: uncached } = await startBot(t, off, bus, { ...quiet, MEMBER_CACHE_PER_GUILD: '0' });
    t.notOk(
      (off.control.gateway.sessions()[0]?.intents ?? 0) & (1 << 1),
      'no privileged GUILD_MEMBERS intent without a member cache',
    );
    for (let i = 0; i < 2; i++)
      await requestCommand(bus, discordCommands.memberRoles, {
        guildId: offDemo.guildId,
        userId: offDemo.userIds.sam,
      });
    t.equal(memberFetches(off, offDemo.guildId), 2, 'every answer from REST');
    t.equal(uncached.discord.cache.guild(offDemo.guildId)?.members.size, 0);
  },
);
