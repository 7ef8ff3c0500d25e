import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  EmbedBuilder,
  OverwriteType,
  PermissionFlagsBits,
} from 'discord.js';
import t from 'tap';
import { fakeDiscordForTest, loginClient, seedGuild } from '../fixtures.js';

t.test(
  'channels – the client creates a channel and a private thread and posts an embed with buttons',
  async (t) => {
    const server = await fakeDiscordForTest(t);
    const { guild, category, alice, staff } = seedGuild(server);
    const client = await loginClient(t, server);
    const cachedGuild = client.guilds.cache.get(guild.id);
    if (!cachedGuild) throw new Error('guild not cached');
    const created = await cachedGuild.channels.create({
      name: 'ticket-0001',
      type: ChannelType.GuildText,
      parent: category.id,
      permissionOverwrites: [
        { id: guild.id, type: OverwriteType.Role, deny: [PermissionFlagsBits.ViewChannel] },
        { id: staff.id, type: OverwriteType.Role, allow: [PermissionFlagsBits.ViewChannel] },
      ],
    });
    const stored = server.control.channel(created.id);
    t.equal(stored?.parent_id, category.id);
    t.equal(stored?.permission_overwrites?.length, 2);
    t.equal(client.channels.cache.get(created.id)?.id, created.id, 'the client caches the new channel');

    const thread = await created.threads.create({
      name: 'ticket-0001-private',
      type: ChannelType.PrivateThread,
      invitable: false,
    });
    await thread.members.add(alice.id);
    t.equal(thread.type, ChannelType.PrivateThread);
    t.same(
      server.control.threads(created.id).map((c) => c.name),
      ['ticket-0001-private'],
    );
    t.equal(server.control.channel(thread.id)?.thread_metadata?.invitable, false);
    t.equal(server.control.channel(thread.id)?.member_count, 2, 'the bot and alice are thread members');

    const message = await thread.send({
      embeds: [
        new EmbedBuilder()
          .setTitle('Ticket #1')
          .setDescription('cannot log in')
          .addFields({ name: 'Priority', value: 'high' }),
      ],
      components: [
        new ActionRowBuilder<ButtonBuilder>().addComponents(
          new ButtonBuilder().setCustomId('claim').setLabel('Claim').setStyle(ButtonStyle.Primary),
          new ButtonBuilder().setCustomId('close').setLabel('Close').setStyle(ButtonStyle.Danger),
        ),
      ],
    });
    const posted = await server.control.waitForMessage(thread.id, (m) => m.id === message.id);
    t.equal(posted.embeds[0]?.title, 'Ticket #1');
    t.equal(posted.author.id, server.botUser.id);
    t.same(
      ((posted.components[0]?.components ?? []) as { custom_id: string }[]).map((c) => c.custom_id),
      ['claim', 'close'],
    );
    await message.react('✅');
    const react = server.control.requests().at(-1);
    t.match(react, { method: 'PUT', path: new RegExp(`/messages/${message.id}/reactions/`), status: 204 });
  },
);

t.test('channels – edits, overwrites and deletes dispatch to the client cache', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild, text, alice } = seedGuild(server);
  const client = await loginClient(t, server);
  const channel = client.guilds.cache.get(guild.id)?.channels.cache.get(text.id);
  if (!channel || channel.type !== ChannelType.GuildText) throw new Error('channel not cached');
  await channel.setName('renamed');
  await channel.permissionOverwrites.edit(alice.id, { SendMessages: false });
  t.equal(server.control.channel(text.id)?.name, 'renamed');
  t.equal(server.control.channel(text.id)?.permission_overwrites?.[0]?.type, 1);
  const sent = await channel.send('hello');
  await sent.edit('hello, edited');
  t.equal(server.control.message(sent.id)?.content, 'hello, edited');
  const fetched = await channel.messages.fetch({ limit: 10 });
  t.equal(fetched.size, 1);
  await channel.delete();
  t.notOk(server.control.channel(text.id), 'deleted on the server');
  t.notOk(client.channels.cache.get(text.id), 'gone from the client cache');
});

t.test('channels – a member change made on the server reaches the client (GUILD_MEMBER_*)', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild, staff } = seedGuild(server);
  const client = await loginClient(t, server);
  const bob = server.control.createUser({ username: 'bob' });
  const added = new Promise((resolve) => client.once('guildMemberAdd', resolve));
  server.control.addMember(guild.id, bob.id);
  await added;
  const updated = new Promise((resolve) => client.once('guildMemberUpdate', resolve));
  server.control.updateMember(guild.id, bob.id, { roles: [staff.id] });
  await updated;
  t.ok(client.guilds.cache.get(guild.id)?.members.cache.get(bob.id)?.roles.cache.has(staff.id));
  const member = await client.guilds.cache.get(guild.id)?.members.fetch({ user: bob.id, force: true });
  t.equal(member?.user.username, 'bob');
});
