import { CommandRejectedError, requestCommand } from '@guildwire/bus';
import { discordCommands } from '@guildwire/contracts';
import { demoIds, seedDemoGuild } from '@guildwire/fake-discord';
import t from 'tap';
import { botBus, fakeDiscord, startBot, tokenFor } from '../fixtures.js';

t.test(
  'discord api – channels, categories, roles, member roles and presence over HTTP and cmd.discord.*',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const { app } = await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false', SIDE_EFFECTS: 'false' });
    const staff = tokenFor(demo.userIds.sam, { [demo.guildId]: 'staff' });
    const get = (url: string, headers: Record<string, string> = staff) =>
      app.inject({ method: 'GET', url: `/v1/guilds/${demo.guildId}${url}`, headers });

    const channels = await get('/discord/channels');
    t.equal(channels.statusCode, 200);
    const list = channels.json() as Array<{ id: string; type: number; parentId: string | null }>;
    t.match(
      list.find((c) => c.id === demo.ticketPanelChannelId),
      { type: 0, parentId: demo.supportCategoryId },
    );
    const categories = (await get('/discord/categories')).json() as Array<{ id: string }>;
    t.same(
      categories.map((c) => c.id),
      [demo.supportCategoryId],
    );
    const roles = (await get('/discord/roles')).json() as Array<{ id: string; name: string }>;
    t.ok(roles.find((r) => r.id === demo.staffRoleId && r.name === 'Staff'));

    t.same((await get(`/discord/members/${demo.userIds.sam}/roles`)).json(), {
      isMember: true,
      roleIds: [demo.staffRoleId],
      guildAdmin: false,
      owner: false,
    });
    t.match((await get(`/discord/members/${demoIds.owner}/roles`)).json(), { owner: true, guildAdmin: true });
    t.match((await get('/discord/members/1300000000000009999/roles')).json(), { isMember: false });
    t.match((await get('/discord/presence')).json(), {
      present: true,
      shardId: 0,
      shardCount: 1,
      guildName: 'Guildwire Demo',
    });

    const alice = tokenFor(demo.userIds.alice, { [demo.guildId]: 'member' });
    t.equal((await get(`/discord/members/${demo.userIds.alice}/roles`, alice)).statusCode, 200, 'own roles');
    t.equal(
      (await get(`/discord/members/${demo.userIds.sam}/roles`, alice)).statusCode,
      403,
      "not someone else's",
    );
    t.equal((await get('/discord/channels', alice)).statusCode, 403, 'pickers are for staff');
    t.equal((await get('/discord/channels', {})).statusCode, 401);

    const elsewhere = '1300000000000077777';
    const missing = await app.inject({
      method: 'GET',
      url: `/v1/guilds/${elsewhere}/discord/channels`,
      headers: tokenFor(demo.userIds.sam, { [elsewhere]: 'admin' }),
    });
    t.equal(missing.statusCode, 404);
    t.equal(missing.json().error.code, 'DISCORD_ERR_GUILD_UNAVAILABLE');

    const reply = await requestCommand(bus, discordCommands.memberRoles, {
      guildId: demo.guildId,
      userId: demo.userIds.sam,
    });
    t.same(reply.roleIds, [demo.staffRoleId]);
    const presence = await requestCommand(bus, discordCommands.botPresence, { guildId: elsewhere });
    t.equal(presence.present, false);
    const rejected = await requestCommand(bus, discordCommands.listRoles, { guildId: elsewhere }).catch(
      (e) => e,
    );
    t.ok(rejected instanceof CommandRejectedError);
    t.equal(rejected.code, 'DISCORD_ERR_GUILD_UNAVAILABLE');

    // Ids that are not Discord ids are the caller's mistake (400), never an internal error (found by
    // `npm run fuzz`: bot_presence answered 500 for a guild id BigInt could not parse).
    const refused = async (request: Promise<unknown>) =>
      (await request.catch((e) => e)) as CommandRejectedError;
    for (const [name, request] of [
      ['bot_presence', requestCommand(bus, discordCommands.botPresence, { guildId: 'q)D*t_tQ' })],
      ['list_channels', requestCommand(bus, discordCommands.listChannels, { guildId: '' })],
      ['list_roles', requestCommand(bus, discordCommands.listRoles, { guildId: '../1' })],
      [
        'member_roles',
        requestCommand(bus, discordCommands.memberRoles, { guildId: demo.guildId, userId: 'x' }),
      ],
    ] as const) {
      const err = await refused(request);
      t.ok(err instanceof CommandRejectedError, `${name} is refused`);
      t.match(err, { code: 'GW_ERR_VALIDATION', statusCode: 400 }, `${name}: a validation error`);
    }
    t.match(
      (await refused(requestCommand(bus, discordCommands.memberRoles, { guildId: 'x', userId: 'y' })))
        .details,
      [
        { field: '/guildId', message: 'must be a Discord id' },
        { field: '/userId', message: 'must be a Discord id' },
      ],
    );
  },
);
