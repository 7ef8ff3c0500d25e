import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Events,
  type Interaction,
  ModalBuilder,
  SlashCommandBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import t from 'tap';
import { InteractionFailedError } from '../../src/index.js';
import { fakeDiscordForTest, loginClient, seedGuild } from '../fixtures.js';

const ticketCommand = new SlashCommandBuilder()
  .setName('ticket')
  .setDescription('Open a support ticket')
  .addStringOption((o) => o.setName('subject').setDescription('What is it about').setRequired(true));

t.test('interactions – a slash command reaches the handler and its reply reaches the server', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild, text, alice } = seedGuild(server);
  const client = await loginClient(t, server);
  await client.application.commands.set([ticketCommand.toJSON()], guild.id);
  t.same(
    server.control.commands(guild.id).map((c) => c.name),
    ['ticket'],
  );
  client.on(Events.InteractionCreate, async (interaction: Interaction) => {
    if (!interaction.isChatInputCommand()) return;
    await interaction.reply({ content: `Ticket: ${interaction.options.getString('subject', true)}` });
  });
  const ix = server.control.runSlashCommand({
    channelId: text.id,
    userId: alice.id,
    name: 'ticket',
    options: { subject: 'cannot log in' },
  });
  const answered = await server.control.waitForInteractionResponse(ix.id);
  t.equal(answered.callback?.type, 4);
  const reply = server.control.message(answered.originalMessageId ?? '');
  t.equal(reply?.content, 'Ticket: cannot log in');
  t.equal(
    reply?.interaction_metadata?.user && (reply.interaction_metadata.user as { id: string }).id,
    alice.id,
  );
});

t.test('interactions – a button press is deferred, then edited and followed up', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild, text, sam } = seedGuild(server);
  const client = await loginClient(t, server);
  const channel = client.guilds.cache.get(guild.id)?.channels.cache.get(text.id);
  if (!channel?.isTextBased()) throw new Error('channel not cached');
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId('claim').setLabel('Claim').setStyle(ButtonStyle.Primary),
  );
  const panel = await channel.send({ content: 'Ticket #1', components: [row] });
  client.on(Events.InteractionCreate, async (interaction: Interaction) => {
    if (!interaction.isButton()) return;
    await interaction.deferReply({ flags: 'Ephemeral' });
    await interaction.editReply({ content: `claimed by ${interaction.user.username}` });
    await interaction.followUp({ content: 'staff notified' });
  });
  const ix = server.control.pressButton({ messageId: panel.id, customId: 'claim', userId: sam.id });
  await server.control.waitForInteractionResponse(ix.id);
  const done = await server.control.waitFor(() => {
    const record = server.control.interaction(ix.id);
    return record && record.followupMessageIds.length === 1 ? record : undefined;
  });
  t.equal(done.callback?.type, 5, 'deferred with a loading state');
  const original = server.control.message(done.originalMessageId ?? '');
  t.equal(original?.content, 'claimed by sam');
  t.equal((original?.flags ?? 0) & 128, 0, 'no longer loading');
  t.equal((original?.flags ?? 0) & 64, 64, 'ephemeral');
  t.equal(server.control.message(done.followupMessageIds[0] ?? '')?.content, 'staff notified');
});

t.test('interactions – a modal opened from a button is submitted back to the bot', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild, text, alice } = seedGuild(server);
  const client = await loginClient(t, server);
  const channel = client.guilds.cache.get(guild.id)?.channels.cache.get(text.id);
  if (!channel?.isTextBased()) throw new Error('channel not cached');
  const panel = await channel.send({
    content: 'Open a ticket',
    components: [
      new ActionRowBuilder<ButtonBuilder>().addComponents(
        new ButtonBuilder().setCustomId('open').setLabel('Open').setStyle(ButtonStyle.Success),
      ),
    ],
  });
  const submitted: string[] = [];
  client.on(Events.InteractionCreate, async (interaction: Interaction) => {
    if (interaction.isButton()) {
      const modal = new ModalBuilder().setCustomId('ticket-form').setTitle('New ticket');
      modal.addComponents(
        new ActionRowBuilder<TextInputBuilder>().addComponents(
          new TextInputBuilder().setCustomId('subject').setLabel('Subject').setStyle(TextInputStyle.Short),
        ),
      );
      await interaction.showModal(modal);
    }
    if (interaction.isModalSubmit()) {
      submitted.push(interaction.fields.getTextInputValue('subject'));
      await interaction.reply({ content: 'ticket opened' });
    }
  });
  const press = server.control.pressButton({ messageId: panel.id, customId: 'open', userId: alice.id });
  const opened = await server.control.waitForInteractionResponse(press.id);
  t.equal(opened.callback?.type, 9);
  t.equal(opened.callback?.data?.custom_id, 'ticket-form');
  const submit = server.control.submitModal({ interactionId: press.id, values: { subject: 'refund' } });
  const answered = await server.control.waitForInteractionResponse(submit.id);
  t.same(submitted, ['refund']);
  t.equal(server.control.message(answered.originalMessageId ?? '')?.content, 'ticket opened');
});

t.test('interactions – past the deadline the interaction fails and a late reply gets 10062', async (t) => {
  const server = await fakeDiscordForTest(t, { interactionDeadlineMs: 150 });
  const { guild, text, alice } = seedGuild(server);
  const client = await loginClient(t, server);
  await client.application.commands.set([ticketCommand.toJSON()], guild.id);
  const received = new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));
  const ix = server.control.runSlashCommand({
    channelId: text.id,
    userId: alice.id,
    name: 'ticket',
    options: { subject: 'x' },
  });
  await t.rejects(server.control.waitForInteractionResponse(ix.id), InteractionFailedError);
  const interaction = await received;
  if (!interaction.isChatInputCommand()) throw new Error('expected a command');
  await t.rejects(interaction.reply({ content: 'too late' }), { code: 10062, status: 404 });
});

t.test('interactions – a second acknowledgement gets 40060', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild, text, alice } = seedGuild(server);
  const client = await loginClient(t, server);
  await client.application.commands.set([ticketCommand.toJSON()], guild.id);
  const received = new Promise<Interaction>((resolve) => client.once(Events.InteractionCreate, resolve));
  server.control.runSlashCommand({
    channelId: text.id,
    userId: alice.id,
    name: 'ticket',
    options: { subject: 'x' },
  });
  const interaction = await received;
  if (!interaction.isChatInputCommand()) throw new Error('expected a command');
  await interaction.deferReply();
  // discord.js guards against double replies itself, so go through its REST client directly.
  const route = `/interactions/${interaction.id}/${interaction.token}/callback` as const;
  await t.rejects(client.rest.post(route, { body: { type: 4, data: { content: 'again' } }, auth: false }), {
    code: 40060,
    status: 400,
  });
});

t.test(
  'interactions – autocomplete: the focused option reaches the bot, its choices are checked and kept',
  async (t) => {
    const server = await fakeDiscordForTest(t);
    const { guild, text, alice } = seedGuild(server);
    const client = await loginClient(t, server);
    const tagCommand = new SlashCommandBuilder()
      .setName('tag')
      .setDescription('Post a tag')
      .addStringOption((o) =>
        o.setName('name').setDescription('The tag').setRequired(true).setAutocomplete(true),
      )
      .addStringOption((o) => o.setName('plain').setDescription('No autocomplete'));
    await client.application.commands.set([tagCommand.toJSON()], guild.id);
    const answers: unknown[] = [];
    client.on(Events.InteractionCreate, async (interaction: Interaction) => {
      if (!interaction.isAutocomplete()) return;
      const typed = interaction.options.getFocused();
      if (typed === 'wrong') {
        // A message is no answer to an autocomplete interaction.
        answers.push(
          await interaction
            .respond(Array.from({ length: 26 }, (_, i) => ({ name: `n${i}`, value: `v${i}` })))
            .catch((e: unknown) => e),
        );
        return;
      }
      await interaction.respond([{ name: `${typed} (1)`, value: `${typed}-1` }]);
    });
    const ix = server.control.autocomplete({
      channelId: text.id,
      userId: alice.id,
      name: 'tag',
      options: { name: 're' },
      focused: 'name',
    });
    const answered = await server.control.waitForInteractionResponse(ix.id);
    t.equal(answered.callback?.type, 8);
    t.same(answered.callback?.data, { choices: [{ name: 're (1)', value: 're-1' }] });
    t.equal(answered.originalMessageId, undefined, 'choices post no message');

    const tooMany = server.control.autocomplete({
      channelId: text.id,
      userId: alice.id,
      name: 'tag',
      options: { name: 'wrong' },
      focused: 'name',
    });
    await server.control.waitFor(() => (answers.length > 0 ? true : undefined), {
      description: 'the refusal',
    });
    t.match(String(answers[0]), /25 or fewer/, '26 choices are refused like Discord does');
    t.not(
      server.control.interaction(tooMany.id)?.status,
      'acknowledged',
      'a refused answer acknowledges nothing',
    );
    t.throws(
      () =>
        server.control.autocomplete({
          channelId: text.id,
          userId: alice.id,
          name: 'tag',
          options: { plain: 'x' },
          focused: 'plain',
        }),
      /has no autocomplete/,
    );
  },
);
