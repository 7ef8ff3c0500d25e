import { type ReceivedEvent, readOrdered } from '@guildwire/bus';
import {
  type EventOf,
  guildEventsFilter,
  TicketCategorySchema,
  type TicketsSettings,
  ticketEvents,
} from '@guildwire/contracts';
import { seedDemoGuild } from '@guildwire/fake-discord';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import Value from 'typebox/value';
import { parseCustomId } from '../../src/interactions/custom-ids.js';
import { answerText, botBus, fakeDiscord, startBot, tokenFor } from '../fixtures.js';
import { startTicketService, ticketSettings } from './stack.js';

type Category = TicketsSettings['categories'][number];
const category = (fields: Partial<Category> & { id: string; name: string }) =>
  Value.Default(TicketCategorySchema, structuredClone(fields)) as Category;

interface Overwrite {
  id: string;
  type: number;
  allow: string;
  deny: string;
}
const viewChannel = 1n << 10n;
const lets = (overwrites: Overwrite[], id: string) =>
  overwrites.some((o) => o.id === id && (BigInt(o.allow) & viewChannel) !== 0n);

t.test(
  'categories e2e – panel buttons and a select menu open each category’s form; the ticket lands in its Discord category with its staff; a missing answer opens nothing; /ticket move re-routes it',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const billingCategory = discord.control.createChannel(demo.guildId, { name: 'Billing', type: 4 });
    const billingTeam = discord.control.createRole(demo.guildId, { name: 'Billing team' });
    const bus = await botBus(t);
    const events: ReceivedEvent[] = [];
    const reader = await readOrdered(bus, {
      filter: guildEventsFilter(demo.guildId),
      startSeq: 1,
      onEvent: (e) => void events.push(e),
    });
    t.teardown(() => reader.stop());
    const ticketUrl = await startTicketService(t, bus);
    await ticketSettings(t, bus, [demo.staffRoleId], {
      channelMode: 'channel',
      categoryId: demo.supportCategoryId,
      categories: [
        category({
          id: 'billing',
          name: 'Billing',
          emoji: '💳',
          categoryId: billingCategory.id,
          supportRoleIds: [billingTeam.id],
          channelMode: 'channel',
          channelNameTemplate: '{category}-{number}',
          welcomeMessage: 'Billing here, {user}.',
          questions: [
            {
              label: 'Order number',
              style: 'short',
              required: true,
              placeholder: 'A-1234',
              minLength: 0,
              maxLength: 12,
            },
            {
              label: 'What happened?',
              style: 'paragraph',
              required: false,
              placeholder: '',
              minLength: 0,
              maxLength: 1000,
            },
          ],
        }),
        category({
          id: 'bugs',
          name: 'Bugs',
          description: 'Something broke',
          channelMode: 'thread',
          openLimitPerUser: 1,
        }),
        ...['Partners', 'Appeals', 'Press', 'Events'].map((name) =>
          category({ id: name.toLowerCase(), name }),
        ),
      ],
    });
    await startBot(t, discord, bus);
    const admin = {
      ...tokenFor(demo.userIds.sam, { [demo.guildId]: 'admin' }),
      'content-type': 'application/json',
    };
    const sendPanel = async (channelId: string, categoryIds: string[]) => {
      const created = await fetch(`${ticketUrl}/v1/guilds/${demo.guildId}/panels`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify({ title: 'Need help?', channelId, categoryIds }),
      });
      t.equal(created.status, 201);
      const panel = (await created.json()) as { id: string };
      const sent = await fetch(`${ticketUrl}/v1/guilds/${demo.guildId}/panels/${panel.id}/send`, {
        method: 'POST',
        headers: { authorization: admin.authorization },
      });
      t.equal(sent.status, 202);
      return { id: panel.id, message: await discord.control.waitForMessage(channelId) };
    };
    const tickets = async () => {
      const list = await fetch(`${ticketUrl}/v1/guilds/${demo.guildId}/tickets?sort=number`, {
        headers: { authorization: admin.authorization },
      });
      return (
        (await list.json()) as {
          items: Array<{ id: string; number: number; categoryId: string; channelId: string | null }>;
        }
      ).items;
    };

    // Two categories: a button each, labelled with the category (and its emoji).
    const buttons = await sendPanel(demo.ticketPanelChannelId, ['billing', 'bugs']);
    const row = buttons.message.components[0] as {
      components: Array<{ type: number; label: string; custom_id: string; emoji?: { name: string } }>;
    };
    t.same(
      row.components.map((b) => [b.type, b.label, b.emoji?.name]),
      [
        [2, 'Billing', '💳'],
        [2, 'Bugs', undefined],
      ],
    );
    t.match(parseCustomId(row.components[0]!.custom_id), {
      action: 'ticket-category',
      id: buttons.id,
      extra: 'billing',
    });

    // Billing's button opens its form: the questions as Discord's text inputs.
    const pressBilling = () =>
      discord.control.pressButton({
        messageId: buttons.message.id,
        customId: row.components[0]!.custom_id,
        userId: demo.userIds.alice,
      });
    const press = pressBilling();
    const shown = await discord.control.waitForInteractionResponse(press.id);
    t.equal(shown.callback?.type, 9, 'a modal');
    const modal = shown.callback?.data as {
      title: string;
      components: Array<{ components: Array<Record<string, unknown>> }>;
    };
    t.equal(modal.title, 'Billing');
    t.same(
      modal.components.map((r) => {
        const input = r.components[0]!;
        return [input.label, input.style, input.required, input.max_length, input.placeholder];
      }),
      [
        ['Order number', 1, true, 12, 'A-1234'],
        ['What happened?', 2, false, 1000, undefined],
      ],
    );

    // Submitted without the required answer (Discord would block it; the services must too).
    const missing = discord.control.submitModal({
      interactionId: press.id,
      values: { 'a:Order number': '  ', 'a:What happened?': 'charged twice' },
    });
    t.equal(await answerText(discord, missing.id), 'Your ticket was not opened: "Order number" is required.');
    t.same(await tickets(), [], 'no ticket');

    const again = pressBilling();
    await discord.control.waitForInteractionResponse(again.id);
    const opened = discord.control.submitModal({
      interactionId: again.id,
      values: { 'a:Order number': 'A-1234', 'a:What happened?': 'charged twice' },
    });
    t.match(await answerText(discord, opened.id), /Ticket #1 is open/);
    const channel = await discord.control.waitFor(() =>
      discord.control.channels(demo.guildId).find((c) => c.name === 'billing-1'),
    );
    t.equal(channel.parent_id, billingCategory.id, "in the category's Discord category");
    const overwrites = channel.permission_overwrites as Overwrite[];
    t.ok(lets(overwrites, billingTeam.id), "the category's support role sees it");
    t.ok(lets(overwrites, demo.staffRoleId), "the module's support role sees every category");
    t.ok(lets(overwrites, demo.userIds.alice), 'the opener sees it');
    t.ok(
      overwrites.some((o) => o.id === demo.guildId && (BigInt(o.deny) & viewChannel) !== 0n),
      'hidden from @everyone',
    );
    const welcome = await discord.control.waitForMessage(channel.id, (m) => m.embeds.length > 0);
    t.match(welcome.content, `Billing here, <@${demo.userIds.alice}>.`);
    t.match(welcome.content, `<@&${billingTeam.id}>`);
    t.match(welcome.embeds[0], {
      title: 'Ticket #1 — A-1234',
      fields: [
        { name: 'Opened by' },
        { name: 'Status' },
        { name: 'Category', value: 'Billing' },
        { name: 'Order number', value: 'A-1234' },
        { name: 'What happened?', value: 'charged twice' },
      ],
    });

    // Six categories: one select menu; choosing Bugs (no questions) asks for subject and description.
    const menu = await sendPanel(demo.generalChannelId, [
      'billing',
      'bugs',
      'partners',
      'appeals',
      'press',
      'events',
    ]);
    const select = (
      menu.message.components[0] as {
        components: Array<{
          type: number;
          custom_id: string;
          options: Array<{ value: string; description?: string }>;
        }>;
      }
    ).components[0]!;
    t.equal(select.type, 3, 'a string select');
    t.same(
      select.options.map((o) => o.value),
      ['billing', 'bugs', 'partners', 'appeals', 'press', 'events'],
    );
    t.equal(select.options[1]?.description, 'Something broke');
    const pick = discord.control.pressButton({
      messageId: menu.message.id,
      customId: select.custom_id,
      userId: demo.userIds.alice,
      values: ['bugs'],
    });
    const bugsForm = await discord.control.waitForInteractionResponse(pick.id);
    t.match(bugsForm.callback?.data, { title: 'Bugs' });
    const bugSubmit = discord.control.submitModal({
      interactionId: pick.id,
      values: { subject: 'The app crashes', description: 'on start' },
    });
    t.match(await answerText(discord, bugSubmit.id), /Ticket #2 is open/);
    const thread = await discord.control.waitFor(() => discord.control.threads(demo.generalChannelId)[0]);
    t.equal(thread.type, 12, 'Bugs is a thread category: a private thread where the menu was used');
    await waitUntil('both tickets know their place', async () => {
      const all = await tickets();
      return all.length === 2 && all.every((x) => x.channelId) ? all : undefined;
    });
    t.same(
      (await tickets()).map((x) => x.categoryId),
      ['billing', 'bugs'],
    );

    // A member added to the channel (an overwrite of their own) keeps it through the move below.
    const added = discord.control.runSlashCommand({
      channelId: channel.id,
      userId: demo.userIds.sam,
      name: 'ticket',
      subcommand: 'add',
      options: { user: demo.userIds.bob },
    });
    t.equal(await answerText(discord, added.id), `<@${demo.userIds.bob}> can now see this ticket.`);
    await discord.control.waitFor(() =>
      lets(discord.control.channel(channel.id)!.permission_overwrites as Overwrite[], demo.userIds.bob)
        ? true
        : undefined,
    );
    t.pass('bob has an overwrite on the ticket channel');

    // /ticket move: staff only; an unknown name lists the categories; past Bugs' limit (1) it moves and says so.
    const move = (userId: string, value: string) =>
      discord.control.runSlashCommand({
        channelId: channel.id,
        userId,
        name: 'ticket',
        subcommand: 'move',
        options: { category: value },
      });
    t.equal(await answerText(discord, move(demo.userIds.alice, 'bugs').id), 'Only staff can do that.');
    t.match(
      await answerText(discord, move(demo.userIds.sam, 'nope').id),
      'There is no category "nope". The categories are: General (default), Billing (billing), Bugs (bugs)',
    );
    t.equal(
      await answerText(discord, move(demo.userIds.sam, 'BUGS').id),
      `Ticket #1 is now in Bugs. Note: <@${demo.userIds.alice}> now has 2 open tickets there, over its limit of 1 (staff may move past it).`,
    );
    // The notice comes after the channel was re-parented and its overwrites set.
    const notice = await discord.control.waitForMessage(channel.id, (m) =>
      m.content.startsWith('Moved to **Bugs**'),
    );
    t.equal(notice.content, `Moved to **Bugs** by <@${demo.userIds.sam}>.\n<@&${demo.staffRoleId}>`);
    const moved = discord.control.channel(channel.id)!;
    t.equal(moved.parent_id, demo.supportCategoryId, "under Bugs' Discord category (the module's)");
    const after = moved.permission_overwrites as Overwrite[];
    t.notOk(lets(after, billingTeam.id), "Billing's team no longer sees it");
    t.ok(lets(after, demo.staffRoleId), 'the guild-wide team still does');
    t.ok(lets(after, demo.userIds.bob), 'the ticket member still does');
    await discord.control.waitFor(() =>
      discord.control
        .messages(channel.id)
        .find((m) => m.id === welcome.id && JSON.stringify(m.embeds).includes('"value":"Bugs"')),
    );
    const [movedEvent] = await waitUntil('ticket.moved on the stream', async () => {
      const found = events.filter((e) => e.def === ticketEvents.moved);
      return found.length > 0 ? found : undefined;
    });
    const message = movedEvent?.message as EventOf<typeof ticketEvents.moved>;
    t.equal(message.previousCategoryId, 'billing');
    t.match(message.overLimit, { categoryId: 'bugs', active: 2, limit: 1 });
    t.equal(message.meta?.actor?.id, demo.userIds.sam);
  },
);

t.test(
  'categories e2e – /ticket open category: a category with questions asks them in a modal, one without opens at once; an unknown one lists the categories',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const ticketUrl = await startTicketService(t, bus);
    await ticketSettings(t, bus, [demo.staffRoleId], {
      channelMode: 'thread',
      categories: [
        category({
          id: 'billing',
          name: 'Billing',
          questions: [
            {
              label: 'Order number',
              style: 'short',
              required: true,
              placeholder: '',
              minLength: 0,
              maxLength: 12,
            },
          ],
        }),
        category({ id: 'bugs', name: 'Bugs' }),
      ],
    });
    await startBot(t, discord, bus);
    const open = (options: Record<string, string>) =>
      discord.control.runSlashCommand({
        channelId: demo.generalChannelId,
        userId: demo.userIds.alice,
        name: 'ticket',
        subcommand: 'open',
        options,
      });
    const tickets = async () => {
      const list = await fetch(`${ticketUrl}/v1/guilds/${demo.guildId}/tickets?sort=number`, {
        headers: tokenFor(demo.userIds.sam, { [demo.guildId]: 'admin' }),
      });
      return (
        (await list.json()) as {
          items: Array<{ subject: string; categoryId: string; panelId?: string | null; answers: unknown[] }>;
        }
      ).items;
    };

    t.equal(
      await answerText(discord, open({}).id),
      'The subject cannot be empty.',
      'no category: a subject is needed',
    );
    t.match(
      await answerText(discord, open({ category: 'nope' }).id),
      'There is no category "nope". The categories are: General (default), Billing (billing), Bugs (bugs)',
    );
    t.same(await tickets(), [], 'no ticket from a refusal');

    t.match(
      await answerText(discord, open({ subject: 'It crashes', category: 'BUGS' }).id),
      /Ticket #1 is open/,
    );
    const asked = open({ subject: 'ignored: the form asks', category: 'billing' });
    const shown = await discord.control.waitForInteractionResponse(asked.id);
    t.equal(shown.callback?.type, 9, 'a modal with the questions');
    t.match(shown.callback?.data, { title: 'Billing' });
    const submitted = discord.control.submitModal({
      interactionId: asked.id,
      values: { 'a:Order number': 'A-77' },
    });
    t.match(await answerText(discord, submitted.id), /Ticket #2 is open/);
    const all = await tickets();
    t.same(
      all.map((x) => [x.subject, x.categoryId, x.panelId ?? null]),
      [
        ['It crashes', 'bugs', null],
        ['A-77', 'billing', null],
      ],
      'each in its category, neither from a panel',
    );
  },
);
