import { bindCommand, serveCommands } from '@guildwire/bus';
import { type CommandDef, discordCommands } from '@guildwire/contracts';
import { defineError } from '@guildwire/errors';
import t from 'tap';
import { configApp, freshGuild, peerBus, tokenFor } from '../fixtures.js';

const json = { 'content-type': 'application/json' };
const staffRole = '211111111111111111';
const panelChannel = '311111111111111111';
const supportCategory = '411111111111111111';
const unknownId = '511111111111111111';
const GuildUnavailable = defineError('DISCORD_ERR_GUILD_UNAVAILABLE', 404, 'the bot is not in guild %s');

/** The bot gateway's answers about one guild, as its cmd.discord.* would give them. */
async function botStandIn(t: Tap, bus: Parameters<typeof peerBus>[1], guildId: string, calls: string[]) {
  const peer = await peerBus(t, bus, 'bot-gateway');
  const guildOnly = <R>(def: CommandDef, answer: () => R) =>
    bindCommand(def as typeof discordCommands.listRoles, async (req) => {
      calls.push(def.verb);
      if (req.guildId !== guildId) throw new GuildUnavailable(req.guildId);
      return answer() as never;
    });
  const server = await serveCommands(peer, { name: 'discord', version: '0.0.0' }, [
    guildOnly(discordCommands.listRoles, () => ({
      roles: [{ id: staffRole, name: 'Staff', color: 0, position: 1, permissions: '0', managed: false }],
    })),
    guildOnly(discordCommands.listChannels, () => ({
      channels: [
        { id: panelChannel, name: 'open-a-ticket', type: 0, parentId: supportCategory, position: 1 },
        { id: supportCategory, name: 'Support', type: 4, position: 0 },
      ],
    })),
  ]);
  return server;
}
type Tap = Parameters<typeof configApp>[0];

t.test('references – ids a write names are checked against the guild the bot sees', async (t) => {
  const { app, bus } = await configApp(t);
  const guild = freshGuild();
  const calls: string[] = [];
  await botStandIn(t, bus, guild, calls);
  const admin = { ...tokenFor('900', { [guild]: 'admin' }), ...json };
  const patch = (body: object, version: number) =>
    app.inject({
      method: 'PATCH',
      url: `/v1/guilds/${guild}/settings/tickets`,
      headers: { ...admin, 'if-match': `"${version}"` },
      payload: body,
    });

  const wrong = await patch(
    {
      supportRoleIds: [staffRole, unknownId],
      transcriptChannelId: supportCategory,
      categoryId: panelChannel,
    },
    0,
  );
  t.equal(wrong.statusCode, 400);
  t.same(
    (wrong.json().error.details as Array<{ field: string; message: string }>).sort((a, b) =>
      a.field.localeCompare(b.field),
    ),
    [
      { field: '/categoryId', message: `${panelChannel} is a channel, not a category` },
      { field: '/supportRoleIds/1', message: `no role ${unknownId} in this guild` },
      { field: '/transcriptChannelId', message: `${supportCategory} is a category, not a channel` },
    ],
    'every wrong id named at its field',
  );

  const right = await patch(
    { supportRoleIds: [staffRole], transcriptChannelId: panelChannel, categoryId: supportCategory },
    0,
  );
  t.equal(right.statusCode, 200, right.body);
  t.ok(calls.includes('list_roles') && calls.includes('list_channels'), 'asked the bot gateway');
});

t.test('references – when the bot cannot tell, a write is accepted on the ids’ format', async (t) => {
  const { app, bus } = await configApp(t);
  const guild = freshGuild();
  const admin = { ...tokenFor('900', { [guild]: 'admin' }), ...json };
  const patch = (version: number) =>
    app.inject({
      method: 'PATCH',
      url: `/v1/guilds/${guild}/settings/tickets`,
      headers: { ...admin, 'if-match': `"${version}"` },
      payload: { supportRoleIds: [unknownId] },
    });

  t.equal((await patch(0)).statusCode, 200, 'no bot gateway running: accepted');
  const calls: string[] = [];
  // A bot gateway that is not in this guild (it answers for another one).
  await botStandIn(t, bus, freshGuild(), calls);
  const again = await patch(1);
  t.equal(again.statusCode, 200, 'the bot is not in the guild: accepted');
  t.same(calls, ['list_roles'], 'it was asked');
  const bad = await app.inject({
    method: 'PATCH',
    url: `/v1/guilds/${guild}/settings/tickets`,
    headers: { ...admin, 'if-match': String(again.headers.etag) },
    payload: { supportRoleIds: ['not-a-snowflake'] },
  });
  t.equal(bad.statusCode, 400, 'the format is still checked');
});

t.test(
  'references – a category names its Discord category and roles; each id checked at its pointer',
  async (t) => {
    const { app, bus } = await configApp(t);
    const guild = freshGuild();
    await botStandIn(t, bus, guild, []);
    const admin = { ...tokenFor('900', { [guild]: 'admin' }), ...json };
    const put = (categories: object[]) =>
      app.inject({
        method: 'PUT',
        url: `/v1/guilds/${guild}/settings/tickets`,
        headers: { ...admin, 'if-match': '"0"' },
        payload: { categories },
      });
    const wrong = await put([
      {
        name: 'Billing',
        categoryId: panelChannel,
        overflowCategoryIds: [unknownId],
        supportRoleIds: [unknownId],
      },
    ]);
    t.equal(wrong.statusCode, 400);
    t.same((wrong.json().error.details as Array<{ field: string }>).map((d) => d.field).sort(), [
      '/categories/0/categoryId',
      '/categories/0/overflowCategoryIds/0',
      '/categories/0/supportRoleIds/0',
    ]);
    const right = await put([{ name: 'Billing', categoryId: supportCategory, supportRoleIds: [staffRole] }]);
    t.equal(right.statusCode, 200, right.body);
  },
);
