import { type ReceivedEvent, readOrdered } from '@guildwire/bus';
import { guildEventsFilter, ticketEvents } from '@guildwire/contracts';
import { seedDemoGuild } from '@guildwire/fake-discord';
import t from 'tap';
import { answerText, botBus, fakeDiscord, startBot, tokenFor } from '../fixtures.js';
import { startTicketService, ticketSettings } from './stack.js';

t.test(
  'blacklist e2e – a blacklisted member (or role holder) pressing the panel, or typing /ticket open, is told why and no ticket opens; others get the form',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const muted = discord.control.createRole(demo.guildId, { name: 'Muted' });
    discord.control.updateMember(demo.guildId, demo.userIds.bob, { roles: [muted.id] });
    const bus = await botBus(t);
    const events: ReceivedEvent[] = [];
    const reader = await readOrdered(bus, {
      filter: guildEventsFilter(demo.guildId),
      startSeq: 1,
      onEvent: (e) => void events.push(e),
    });
    t.teardown(() => reader.stop());
    const ticketUrl = await startTicketService(t, bus);
    await ticketSettings(t, bus, [demo.staffRoleId]);
    await startBot(t, discord, bus);
    const staff = {
      ...tokenFor(demo.userIds.sam, { [demo.guildId]: 'staff' }),
      'content-type': 'application/json',
    };
    const api = `${ticketUrl}/v1/guilds/${demo.guildId}`;
    for (const [path, reason] of [
      [`users/${demo.userIds.alice}`, 'Repeated spam tickets'],
      [`roles/${muted.id}`, 'Muted members cannot open tickets'],
    ] as const) {
      const added = await fetch(`${api}/tickets/blacklist/${path}`, {
        method: 'PUT',
        headers: staff,
        body: JSON.stringify({ reason }),
      });
      t.equal(added.status, 201, path);
    }

    const created = await fetch(`${api}/panels`, {
      method: 'POST',
      headers: {
        ...tokenFor(demo.userIds.sam, { [demo.guildId]: 'admin' }),
        'content-type': 'application/json',
      },
      body: JSON.stringify({ title: 'Need help?', channelId: demo.ticketPanelChannelId }),
    });
    t.equal(created.status, 201);
    const panel = (await created.json()) as { id: string };
    const sent = await fetch(`${api}/panels/${panel.id}/send`, {
      method: 'POST',
      headers: { authorization: tokenFor(demo.userIds.sam, { [demo.guildId]: 'admin' }).authorization },
    });
    t.equal(sent.status, 202);
    // The bot posts it once its session is up (slow on a loaded machine).
    const message = await discord.control.waitForMessage(demo.ticketPanelChannelId, () => true, {
      timeoutMs: 30_000,
    });
    const button = (message.components[0] as { components: Array<{ custom_id: string }> }).components[0]!;
    const press = (userId: string) =>
      discord.control.pressButton({ messageId: message.id, customId: button.custom_id, userId });

    // Alice is on the list herself: her press is answered with the reason, no form first.
    const alicePress = press(demo.userIds.alice);
    t.equal(
      await answerText(discord, alicePress.id),
      'You cannot open tickets in this server. Reason: Repeated spam tickets',
    );
    const aliceAnswer = discord.control.interaction(alicePress.id);
    t.equal(aliceAnswer?.callback?.type, 4, 'a message, not a modal');
    t.equal(aliceAnswer?.callback?.data?.flags, 64, 'ephemeral');

    // Bob holds the muted role.
    const bobPress = press(demo.userIds.bob);
    t.equal(
      await answerText(discord, bobPress.id),
      'You cannot open tickets in this server. Reason: Muted members cannot open tickets',
    );

    // /ticket open has no form: the ticket service refuses the open itself.
    const slash = discord.control.runSlashCommand({
      channelId: demo.generalChannelId,
      userId: demo.userIds.alice,
      name: 'ticket',
      subcommand: 'open',
      options: { subject: 'let me in' },
    });
    t.equal(
      await answerText(discord, slash.id),
      'You cannot open tickets in this server. Reason: Repeated spam tickets',
    );

    // Sam is not listed: the form, then the ticket. Its ticket.opened is the first one on the stream.
    const samPress = press(demo.userIds.sam);
    const shown = await discord.control.waitForInteractionResponse(samPress.id);
    t.equal(shown.callback?.type, 9, 'a modal for someone not listed');
    const submit = discord.control.submitModal({
      interactionId: samPress.id,
      values: { subject: 'printer' },
    });
    t.match(await answerText(discord, submit.id), /Ticket #1 is open/);
    // Sam's is the first ticket.opened on the stream; the refused presses came before it, in order,
    // so one of theirs would be there too.
    await discord.control.waitFor(() => events.find((e) => e.def === ticketEvents.opened));
    t.same(
      events
        .filter((e) => e.def === ticketEvents.opened)
        .map((e) => (e.message as { ticket?: { openerId: string } }).ticket?.openerId),
      [demo.userIds.sam],
      'no ticket.opened for the refused members',
    );

    // Removed from the list, Alice gets the form again.
    const removed = await fetch(`${api}/tickets/blacklist/users/${demo.userIds.alice}`, {
      method: 'DELETE',
      headers: { authorization: staff.authorization },
    });
    t.equal(removed.status, 204);
    const again = press(demo.userIds.alice);
    t.equal((await discord.control.waitForInteractionResponse(again.id)).callback?.type, 9);
  },
);
