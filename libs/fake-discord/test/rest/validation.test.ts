import { ChannelType, DiscordAPIError } from 'discord.js';
import t from 'tap';
import { fakeDiscordForTest, loginClient, seedGuild } from '../fixtures.js';

t.test('validation – invalid payloads from the bot get Discord-shaped errors', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild, text, category } = seedGuild(server);
  const client = await loginClient(t, server);
  const channel = client.guilds.cache.get(guild.id)?.channels.cache.get(text.id);
  if (!channel?.isTextBased()) throw new Error('channel not cached');

  const tooLong = await channel.send({ content: 'x'.repeat(2001) }).catch((error: unknown) => error);
  t.type(tooLong, DiscordAPIError);
  t.match(tooLong, {
    status: 400,
    code: 50035,
    rawError: {
      message: 'Invalid Form Body',
      errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } },
    },
  });

  const badEmbed = await channel
    .send({ embeds: [{ title: 't'.repeat(257), fields: [{ name: 'n', value: '' }] }] })
    .catch((error: unknown) => error);
  t.match(badEmbed, {
    code: 50035,
    rawError: { errors: { embeds: { 0: { title: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } },
  });

  // A button without custom_id: sent raw, because discord.js builders would refuse it first.
  const route = `/channels/${text.id}/messages` as const;
  const badButton = await client.rest
    .post(route, {
      body: { content: 'x', components: [{ type: 1, components: [{ type: 2, style: 1, label: 'a' }] }] },
    })
    .catch((error: unknown) => error);
  t.match(badButton, {
    code: 50035,
    rawError: {
      errors: {
        components: {
          0: { components: { 0: { custom_id: { _errors: [{ code: 'BASE_TYPE_REQUIRED' }] } } } },
        },
      },
    },
  });

  await t.rejects(client.rest.post(route, { body: {} }), { status: 400, code: 50006 }, 'empty message');
  await t.rejects(client.rest.post('/channels/1/messages', { body: { content: 'x' } }), {
    status: 404,
    code: 10003,
    rawError: { message: 'Unknown Channel' },
  });
  await t.rejects(client.rest.post(`/channels/${category.id}/messages`, { body: { content: 'x' } }), {
    code: 50008,
  });
  await t.rejects(client.rest.get(`/channels/${text.id}/messages/1`), { status: 404, code: 10008 });
  await t.rejects(client.rest.get(`/guilds/${guild.id}/members/1`), { status: 404, code: 10007 });
  await t.rejects(
    client.rest.post(`/guilds/${guild.id}/channels`, { body: { name: '', type: ChannelType.GuildText } }),
    {
      code: 50035,
      rawError: { errors: { name: { _errors: [{ code: 'BASE_TYPE_BAD_LENGTH' }] } } },
    },
  );
  await t.rejects(client.application.commands.set([{ name: 'Bad Name', description: 'x' }], guild.id), {
    code: 50035,
    rawError: { errors: { 0: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } } },
  });
});

t.test('validation – a full category refuses a 51st channel (CHANNEL_PARENT_MAX_CHANNELS)', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild, category } = seedGuild(server);
  for (let i = 1; i < 50; i += 1)
    server.control.createChannel(guild.id, { name: `c-${i}`, parent_id: category.id });
  const client = await loginClient(t, server);
  await t.rejects(
    client.guilds.cache.get(guild.id)!.channels.create({ name: 'overflow', parent: category.id }),
    {
      code: 50035,
      rawError: { errors: { parent_id: { _errors: [{ code: 'CHANNEL_PARENT_MAX_CHANNELS' }] } } },
    },
  );
});

t.test('validation – requests without the bot token get 401', async (t) => {
  const server = await fakeDiscordForTest(t);
  const response = await fetch(`${server.apiUrl}/v10/users/@me`, { headers: { authorization: 'Bot wrong' } });
  t.equal(response.status, 401);
  t.same(await response.json(), { message: '401: Unauthorized', code: 0 });
});
