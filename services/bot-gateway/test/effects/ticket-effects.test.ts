import { publishEvent } from '@guildwire/bus';
import {
  createEventMeta,
  createMessage,
  discordActor,
  guildEventsStream,
  type Ticket,
  TicketClaimedSchema,
  TicketClosedSchema,
  TicketOpenedSchema,
  TicketPanelSendRequestedSchema,
  TicketStatus,
  ticketEvents,
} from '@guildwire/contracts';
import { seedDemoGuild } from '@guildwire/fake-discord';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { createEffectLog } from '../../src/effects/effect-log.js';
import { customId } from '../../src/interactions/custom-ids.js';
import { openBotBuckets } from '../../src/state/buckets.js';
import { createTicketPlaces } from '../../src/state/ticket-places.js';
import { botBus, fakeDiscord, startBot } from '../fixtures.js';
import { publishOpened, recordBotCommands, ticketOf, ticketSettings, welcomeIn } from './ticket-fixtures.js';

t.test(
  'effects – ticket.opened → private thread, welcome message with buttons, set_channel; edits follow',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const commands = await recordBotCommands(t, bus);
    await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    // The ticket was opened from the panel channel: the interaction recorded where.
    const places = createTicketPlaces(await openBotBuckets(bus));
    await places.rememberOrigin('1300000000000099999', demo.ticketPanelChannelId);
    const ticket = ticketOf(demo.guildId, demo.userIds.alice);
    await publishOpened(bus, ticket, '1300000000000099999');

    const thread = await discord.control.waitFor(() => discord.control.threads(demo.ticketPanelChannelId)[0]);
    t.equal(thread.type, 12, 'a private thread');
    t.equal(thread.name, `ticket-${ticket.number}`);
    const welcome = await welcomeIn(discord, thread.id);
    t.match(welcome.content, `<@${demo.userIds.alice}>`);
    t.match(welcome.embeds[0], { title: `Ticket #${ticket.number} — cannot log in` });
    const buttons = (welcome.components[0] as { components: Array<{ custom_id: string }> }).components;
    t.same(
      buttons.map((b) => b.custom_id),
      [
        customId('ticket-claim', ticket.id),
        customId('ticket-close', ticket.id),
        customId('ticket-close-reason', ticket.id),
      ],
    );
    await waitUntil('set_channel', async () => commands.setChannel[0]);
    t.match(commands.setChannel[0], { ticketId: ticket.id, channelId: thread.id, actor: { kind: 3 } });

    // Claimed (v2) then closed (v3): the message follows, the thread is archived and locked.
    const claimed = { ...ticket, status: TicketStatus.CLAIMED, assigneeId: demo.userIds.sam, version: 2 };
    const meta = (v: number) =>
      createEventMeta({ guildId: demo.guildId, actor: discordActor(demo.userIds.sam), aggregateVersion: v });
    await publishEvent(
      bus,
      ticketEvents.claimed,
      createMessage(TicketClaimedSchema, { meta: meta(2), ticket: claimed, claimerId: demo.userIds.sam }),
    );
    await discord.control.waitFor(() =>
      JSON.stringify(discord.control.message(welcome.id)?.embeds).includes(
        `Claimed by <@${demo.userIds.sam}>`,
      )
        ? true
        : undefined,
    );
    t.pass('the welcome message shows who claimed it');
    const closed = { ...claimed, status: TicketStatus.CLOSED, closeReason: 'solved', version: 3 };
    await publishEvent(
      bus,
      ticketEvents.closed,
      createMessage(TicketClosedSchema, { meta: meta(3), ticket: closed }),
    );
    const archived = await discord.control.waitFor(() => {
      const c = discord.control.channel(thread.id) as {
        thread_metadata?: { archived: boolean; locked: boolean };
      };
      return c.thread_metadata?.archived ? c : undefined;
    });
    t.equal(archived.thread_metadata?.locked, true, 'closed: archived and locked');
    t.same(discord.control.message(welcome.id)?.components, [], 'no buttons on a closed ticket');
    t.match(JSON.stringify(discord.control.message(welcome.id)?.embeds), /solved/);
  },
);

t.test('effects – a replayed stream (new consumer, restarted bot) posts nothing twice', async (t) => {
  const discord = await fakeDiscord(t);
  const demo = seedDemoGuild(discord.control);
  const bus = await botBus(t);
  const commands = await recordBotCommands(t, bus);
  const first = await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
  const ticket = ticketOf(demo.guildId, demo.userIds.bob);
  await publishOpened(bus, ticket);
  await waitUntil('set_channel', async () => commands.setChannel[0]);
  await first.close();
  // The durable consumer is gone: the next replica's consumer starts again from the first event.
  await bus.jsm.consumers.delete(bus.streamName(guildEventsStream), 'bot-gateway-side-effects');
  const second = await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
  const other = ticketOf(demo.guildId, demo.userIds.alice);
  await publishOpened(bus, other);
  await waitUntil('set_channel of the other ticket', async () =>
    commands.setChannel.find((c) => c.ticketId === other.id),
  );
  const ticketChannels = discord.control.channels(demo.guildId).filter((c) => c.name.startsWith('ticket-'));
  t.equal(ticketChannels.length, 2, 'one channel per ticket, none for the replayed event');
  t.equal(commands.setChannel.filter((c) => c.ticketId === ticket.id).length, 1, 'set_channel once');
  await second.close();
});

t.test(
  'effects – channel mode: a full category (50 channels) overflows; only opener, staff and bot see it',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const commands = await recordBotCommands(t, bus);
    await ticketSettings(t, bus, {
      channelMode: 'channel',
      categoryId: demo.supportCategoryId,
      supportRoleIds: [demo.staffRoleId],
    });
    // #open-a-ticket is one child already: 49 more fill the category.
    for (let i = 0; i < 49; i++)
      discord.control.createChannel(demo.guildId, { name: `filler-${i}`, parent_id: demo.supportCategoryId });
    await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    const ticket = ticketOf(demo.guildId, demo.userIds.alice);
    await publishOpened(bus, ticket);
    await waitUntil('set_channel', async () => commands.setChannel[0]);
    const channel = discord.control.channel(commands.setChannel[0]!.channelId)!;
    t.equal(channel.type, 0, 'a text channel');
    const parent = discord.control.channel(channel.parent_id as string);
    t.equal(parent?.name, 'Support (overflow)', 'in the overflow category the bot made');
    const overwrites = new Map((channel.permission_overwrites ?? []).map((o) => [o.id, o]));
    t.not(BigInt(overwrites.get(demo.guildId)?.deny ?? '0') & (1n << 10n), 0n, '@everyone cannot view');
    t.not(BigInt(overwrites.get(demo.userIds.alice)?.allow ?? '0') & (1n << 10n), 0n, 'the opener can');
    t.not(BigInt(overwrites.get(demo.staffRoleId)?.allow ?? '0') & (1n << 10n), 0n, 'support roles can');
    const welcome = await welcomeIn(discord, channel.id);
    t.match(welcome.content, `<@&${demo.staffRoleId}>`, 'support roles are pinged');
  },
);

t.test(
  'effects – Discord 429s are waited out; a failed step is nak’ed and retried without repeating earlier steps',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false', COMMAND_TIMEOUT_MS: '200' });
    discord.control.rateLimit({
      count: 2,
      retryAfterMs: 200,
      method: 'POST',
      path: /\/guilds\/\d+\/channels$/,
    });
    // No ticket service yet: cmd.ticket.set_channel fails, the event is nak'ed and comes back.
    const ticket = ticketOf(demo.guildId, demo.userIds.alice);
    await publishOpened(bus, ticket);
    const channel = await discord.control.waitFor(() =>
      discord.control.channels(demo.guildId).find((c) => c.name === `ticket-${ticket.number}`),
    );
    await welcomeIn(discord, channel.id);
    await waitUntil('the event came back after a nak', async () => {
      const info = await bus.jsm.consumers.info(
        bus.streamName(guildEventsStream),
        'bot-gateway-side-effects',
      );
      return info.num_redelivered > 0 ? true : undefined;
    });
    const commands = await recordBotCommands(t, bus);
    await waitUntil('set_channel after the retry', async () => commands.setChannel[0], { timeoutMs: 60_000 });
    t.equal(commands.setChannel[0]?.channelId, channel.id);
    const created = discord.control
      .channels(demo.guildId)
      .filter((c) => c.name === `ticket-${ticket.number}`);
    t.equal(created.length, 1, 'the retried event made no second channel');
    t.equal(discord.control.messages(channel.id).length, 1, 'nor a second welcome message');
    const limited = discord.control.requests().filter((r) => r.status === 429);
    t.ok(limited.length >= 2, 'the 429s happened and were retried');
  },
);

t.test(
  'effects – ticket.panel_send_requested posts the panel once, then cmd.ticket.panel_sent',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const commands = await recordBotCommands(t, bus);
    await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    const panelId = '0190c1d2-0000-7000-8000-00000000p001'.replace('p', '0');
    await publishEvent(
      bus,
      ticketEvents.panelSendRequested,
      createMessage(TicketPanelSendRequestedSchema, {
        meta: createEventMeta({
          guildId: demo.guildId,
          actor: discordActor(demo.userIds.sam),
          aggregateVersion: 1,
        }),
        panel: {
          id: panelId,
          guildId: demo.guildId,
          title: 'Need help?',
          description: 'Press the button',
          buttonLabel: 'Open a ticket',
          colour: 0x5865f2,
          channelId: demo.ticketPanelChannelId,
          version: 1,
        },
      }),
    );
    await waitUntil('panel_sent', async () => commands.panelSent[0]);
    const posted = discord.control.messages(demo.ticketPanelChannelId);
    t.equal(posted.length, 1);
    t.match(commands.panelSent[0], {
      panelId,
      channelId: demo.ticketPanelChannelId,
      messageId: posted[0]?.id,
    });
    t.match(posted[0]?.embeds[0], { title: 'Need help?' });
    t.match(JSON.stringify(posted[0]?.components), customId('ticket-category', panelId, 'default'));
  },
);

t.test(
  'effects – a ticket whose thread was deleted by hand: later events are acked and skipped',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const commands = await recordBotCommands(t, bus);
    const bot = await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    const ticket = ticketOf(demo.guildId, demo.userIds.alice);
    await publishOpened(bus, ticket);
    await waitUntil('set_channel', async () => commands.setChannel[0]);
    const channelId = commands.setChannel[0]!.channelId;
    await bot.app.discord.api.channels.delete(channelId);
    const meta = createEventMeta({
      guildId: demo.guildId,
      actor: discordActor(demo.userIds.sam),
      aggregateVersion: 2,
    });
    await publishEvent(
      bus,
      ticketEvents.claimed,
      createMessage(TicketClaimedSchema, {
        meta,
        ticket: { ...ticket, status: TicketStatus.CLAIMED, assigneeId: demo.userIds.sam, version: 2 },
        claimerId: demo.userIds.sam,
      }),
    );
    const info = await waitUntil('the claimed event acked', async () => {
      const i = await bus.jsm.consumers.info(bus.streamName(guildEventsStream), 'bot-gateway-side-effects');
      return i.num_ack_pending === 0 && i.num_pending === 0 && i.delivered.stream_seq >= 2 ? i : undefined;
    });
    t.equal(info.num_redelivered, 0, 'skipped at once, not retried');
    t.notOk(discord.control.channel(channelId), 'the channel stays deleted: nothing was recreated');
  },
);

t.test(
  'effects – the origin channel deleted, or the opener gone: the ticket still gets its place',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const commands = await recordBotCommands(t, bus);
    const bot = await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    const places = createTicketPlaces(await openBotBuckets(bus));

    const doomed = discord.control.createChannel(demo.guildId, { name: 'doomed' });
    await places.rememberOrigin('1300000000000088881', doomed.id);
    await bot.app.discord.api.channels.delete(doomed.id);
    const first = ticketOf(demo.guildId, demo.userIds.alice);
    await publishOpened(bus, first, '1300000000000088881');
    const fallback = await waitUntil('set_channel', async () =>
      commands.setChannel.find((c) => c.ticketId === first.id),
    );
    t.equal(discord.control.channel(fallback.channelId)?.type, 0, 'a channel of its own instead of a thread');

    discord.control.removeMember(demo.guildId, demo.userIds.bob);
    await places.rememberOrigin('1300000000000088882', demo.generalChannelId);
    const second = ticketOf(demo.guildId, demo.userIds.bob);
    await publishOpened(bus, second, '1300000000000088882');
    const thread = await waitUntil('set_channel', async () =>
      commands.setChannel.find((c) => c.ticketId === second.id),
    );
    t.equal(discord.control.channel(thread.channelId)?.type, 12, 'the thread, though its opener left');
    t.equal(discord.control.messages(thread.channelId).length, 1, 'with its welcome message');
  },
);

t.test(
  'effects – killed between creating the channel or thread and recording it: the retry finds it',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const commands = await recordBotCommands(t, bus);
    const bot = await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    const buckets = await openBotBuckets(bus);
    const effects = createEffectLog(buckets.effects);
    const places = createTicketPlaces(buckets);

    // What an attempt that died right after Discord answered leaves behind: the intent, and the place.
    const publishAfterCrash = async (ticket: Ticket, correlationId?: string) => {
      const meta = createEventMeta({
        guildId: ticket.guildId,
        actor: discordActor(ticket.openerId),
        aggregateVersion: 1,
        ...(correlationId ? { correlationId } : {}),
      });
      await effects.save(meta.eventId, { creating: true });
      await publishEvent(bus, ticketEvents.opened, createMessage(TicketOpenedSchema, { meta, ticket }));
    };
    const inChannel = ticketOf(demo.guildId, demo.userIds.alice);
    const made = await bot.app.discord.api.guilds.createChannel(demo.guildId, {
      name: `ticket-${inChannel.number}`,
      topic: `Guildwire ticket ${inChannel.id}`,
    });
    await publishAfterCrash(inChannel);
    const first = await waitUntil('set_channel', async () =>
      commands.setChannel.find((c) => c.ticketId === inChannel.id),
    );
    t.equal(first.channelId, made.id, 'the channel made before the crash is used');
    t.equal(
      discord.control.channels(demo.guildId).filter((c) => c.name === `ticket-${inChannel.number}`).length,
      1,
      'no second channel',
    );

    const inThread = ticketOf(demo.guildId, demo.userIds.alice);
    await places.rememberOrigin('1300000000000066661', demo.generalChannelId);
    const thread = await bot.app.discord.api.channels.createThread(demo.generalChannelId, {
      name: `ticket-${inThread.number}`,
      type: 12,
    });
    await publishAfterCrash(inThread, '1300000000000066661');
    const second = await waitUntil('set_channel', async () =>
      commands.setChannel.find((c) => c.ticketId === inThread.id),
    );
    t.equal(second.channelId, thread.id, 'the thread made before the crash is used');
    t.equal(discord.control.threads(demo.generalChannelId).length, 1, 'no second thread');
    t.equal(discord.control.messages(thread.id).length, 1, 'the welcome message is posted in it once');
  },
);
