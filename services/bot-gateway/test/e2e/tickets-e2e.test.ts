import { type ReceivedEvent, readOrdered } from '@guildwire/bus';
import { type EventOf, guildEventsFilter, ticketEvents } from '@guildwire/contracts';
import { seedDemoGuild } from '@guildwire/fake-discord';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { parseCustomId } from '../../src/interactions/custom-ids.js';
import { answerText, botBus, fakeDiscord, startBot, tokenFor } from '../fixtures.js';
import { staffDashboard, startService, startTicketService, ticketSettings } from './stack.js';

t.test(
  'e2e – the real config, ticket and realtime services: panel → modal → ticket thread with its welcome message; a dashboard receives ticket.opened; 10 staff claim at once; close with reason archives',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const staff = Array.from({ length: 10 }, (_, i) => {
      const user = discord.control.createUser({ username: `staff-${i}` });
      discord.control.addMember(demo.guildId, user.id, { roles: [demo.staffRoleId] });
      return user.id;
    });
    const bus = await botBus(t);
    const events: ReceivedEvent[] = [];
    const reader = await readOrdered(bus, {
      filter: guildEventsFilter(demo.guildId),
      startSeq: 1,
      onEvent: (e) => void events.push(e),
    });
    t.teardown(() => reader.stop());
    const [configUrl, ticketUrl, realtimeUrl] = await Promise.all([
      startService(t, bus, 'config', true),
      startTicketService(t, bus),
      startService(t, bus, 'realtime-gateway', false),
    ]);
    await startBot(t, discord, bus);
    const dashboard = staffDashboard(t, realtimeUrl, demo.guildId, demo.userIds.sam);

    // An admin makes the staff role the support role (config service), creates a panel and sends it
    // (ticket service): the bot posts it.
    const admin = {
      ...tokenFor('1300000000000000101', { [demo.guildId]: 'admin' }),
      'content-type': 'application/json',
    };
    const configured = await fetch(`${configUrl}/v1/guilds/${demo.guildId}/settings/tickets`, {
      method: 'PATCH',
      headers: { ...admin, 'if-match': '"0"' },
      body: JSON.stringify({ supportRoleIds: [demo.staffRoleId] }),
    });
    t.equal(configured.status, 200, 'support role set on the config service');
    const created = await fetch(`${ticketUrl}/v1/guilds/${demo.guildId}/panels`, {
      method: 'POST',
      headers: admin,
      body: JSON.stringify({ title: 'Need help?', channelId: demo.ticketPanelChannelId }),
    });
    t.equal(created.status, 201);
    const panel = (await created.json()) as { id: string };
    const sent = await fetch(`${ticketUrl}/v1/guilds/${demo.guildId}/panels/${panel.id}/send`, {
      method: 'POST',
      headers: { authorization: admin.authorization },
    });
    t.equal(sent.status, 202);
    const panelMessage = await discord.control.waitForMessage(demo.ticketPanelChannelId);
    const button = JSON.stringify(panelMessage.components).match(/"custom_id":"([^"]+)"/)?.[1] ?? '';
    t.match(
      parseCustomId(button),
      { action: 'ticket-category', id: panel.id, extra: 'default' },
      'a panel that names no category offers the default one',
    );

    // A member presses it, fills the modal and submits it twice (a double click): one ticket.
    const press = discord.control.pressButton({
      messageId: panelMessage.id,
      customId: button,
      userId: demo.userIds.alice,
    });
    await discord.control.waitForInteractionResponse(press.id);
    const values = { subject: 'cannot log in', description: 'since Tuesday' };
    const submits = [
      discord.control.submitModal({ interactionId: press.id, values }),
      discord.control.submitModal({ interactionId: press.id, values }),
    ];
    for (const submit of submits) t.match(await answerText(discord, submit.id), /Ticket #1 is open/);

    const thread = await discord.control.waitFor(() => discord.control.threads(demo.ticketPanelChannelId)[0]);
    t.equal(thread.type, 12, 'a private thread under the panel channel');
    const welcome = await discord.control.waitForMessage(thread.id, (m) => m.embeds.length > 0);
    t.match(welcome.embeds[0], { title: 'Ticket #1 — cannot log in' });
    t.match(welcome.content, `<@&${demo.staffRoleId}>`);
    const [opened] = await waitUntil('ticket.opened on the stream', async () => {
      const found = events.filter((e) => e.def === ticketEvents.opened);
      return found.length > 0 ? found : undefined;
    });
    const ticket = (opened?.message as EventOf<typeof ticketEvents.opened> | undefined)?.ticket;
    t.match(ticket, { subject: 'cannot log in', openerId: demo.userIds.alice });
    const [shown] = await waitUntil('the dashboard shows ticket.opened', async () => {
      const found = dashboard.ofType('ticket.opened');
      return found.length > 0 ? found : undefined;
    });
    t.match(shown?.data, { ticket: { subject: 'cannot log in', openerId: demo.userIds.alice } });
    t.equal(
      (shown?.data as { meta?: { correlationId?: string } } | undefined)?.meta?.correlationId,
      press.id,
      'correlated with the button press',
    );
    await waitUntil('the thread recorded on the ticket (set_channel)', async () =>
      events.find((e) => e.def === ticketEvents.updated) ? true : undefined,
    );
    const list = await fetch(`${ticketUrl}/v1/guilds/${demo.guildId}/tickets`, {
      headers: { authorization: admin.authorization },
    });
    const { items } = (await list.json()) as { items: Array<{ id: string; channelId: string | null }> };
    t.equal(items.length, 1, 'the double submit opened one ticket');
    t.equal(items[0]?.channelId, thread.id, 'the ticket knows its thread');

    // Ten staff press Claim at once: one claims, nine are told who did.
    const claimId =
      JSON.stringify(welcome.components).match(/"custom_id":"(gw:ticket-claim:[^"]+)"/)?.[1] ?? '';
    const presses = staff.map((userId) =>
      discord.control.pressButton({ messageId: welcome.id, customId: claimId, userId }),
    );
    const answers = await Promise.all(presses.map((p) => answerText(discord, p.id)));
    const winners = answers.filter((a) => a === 'You claimed ticket #1.');
    t.equal(winners.length, 1, 'one claim wins');
    const winner = staff[answers.indexOf('You claimed ticket #1.')];
    t.equal(
      answers.filter((a) => a === `This ticket is already claimed by <@${winner}>.`).length,
      9,
      'nine get a clear reply naming the winner',
    );

    // The winner closes it with a reason: the thread is archived and locked.
    const closeReason =
      JSON.stringify(welcome.components).match(/"custom_id":"(gw:ticket-close-reason:[^"]+)"/)?.[1] ?? '';
    const reasonPress = discord.control.pressButton({
      messageId: welcome.id,
      customId: closeReason,
      userId: winner!,
    });
    await discord.control.waitForInteractionResponse(reasonPress.id);
    const close = discord.control.submitModal({
      interactionId: reasonPress.id,
      values: { reason: 'solved' },
    });
    t.equal(await answerText(discord, close.id), 'Ticket #1 is closed: solved');
    const archived = await discord.control.waitFor(() => {
      const c = discord.control.channel(thread.id) as {
        thread_metadata?: { archived: boolean; locked: boolean };
      };
      return c.thread_metadata?.archived ? c : undefined;
    });
    t.equal(
      archived.thread_metadata?.locked,
      true,
      'closed with a reason: the thread is archived and locked',
    );
    // The stream is read in order: once ticket.closed is in, every earlier event is too.
    await waitUntil('ticket.closed on the stream', async () =>
      events.find((e) => e.def === ticketEvents.closed) ? true : undefined,
    );
    t.equal(events.filter((e) => e.def === ticketEvents.claimed).length, 1, 'one ticket.claimed');
    t.equal(events.filter((e) => e.def === ticketEvents.opened).length, 1, 'one ticket.opened');
    await waitUntil('the dashboard shows ticket.closed', async () =>
      dashboard.ofType('ticket.closed').length > 0 ? true : undefined,
    );
    t.equal(dashboard.ofType('ticket.opened').length, 1, 'the dashboard saw one ticket.opened');
    t.equal(dashboard.ofType('ticket.claimed').length, 1, 'and one ticket.claimed');
  },
);

t.test(
  'e2e – /ticket open in a channel, then priority, add/remove and a close request answered with its buttons',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    await ticketSettings(t, bus, [demo.staffRoleId]);
    const ticketUrl = await startTicketService(t, bus);
    await startBot(t, discord, bus);
    const slash = (userId: string, channelId: string, subcommand: string, options?: Record<string, string>) =>
      discord.control.runSlashCommand({
        channelId,
        userId,
        name: 'ticket',
        subcommand,
        ...(options ? { options } : {}),
      });

    const open = slash(demo.userIds.alice, demo.generalChannelId, 'open', { subject: 'refund' });
    t.match(await answerText(discord, open.id), /Ticket #1 is open/);
    const thread = await discord.control.waitFor(() => discord.control.threads(demo.generalChannelId)[0]);
    await discord.control.waitForMessage(thread.id, (m) => m.embeds.length > 0);
    // The place is recorded just before set_channel: wait for the ticket to know its thread.
    const staffAuth = {
      authorization: tokenFor(demo.userIds.sam, { [demo.guildId]: 'staff' }).authorization,
    };
    const ticketId = await waitUntil('the ticket has its thread', async () => {
      const res = await fetch(`${ticketUrl}/v1/guilds/${demo.guildId}/tickets`, { headers: staffAuth });
      const { items } = (await res.json()) as { items: Array<{ id: string; channelId: string | null }> };
      return items[0]?.channelId === thread.id ? items[0].id : undefined;
    });

    const priority = slash(demo.userIds.sam, thread.id, 'priority', { level: 'urgent' });
    t.equal(await answerText(discord, priority.id), 'Ticket #1 is now urgent priority.');
    const sneaky = slash(demo.userIds.alice, thread.id, 'add', { user: demo.userIds.bob });
    t.equal(await answerText(discord, sneaky.id), 'Only staff can do that.');
    const add = slash(demo.userIds.sam, thread.id, 'add', { user: demo.userIds.bob });
    t.equal(await answerText(discord, add.id), `<@${demo.userIds.bob}> can now see this ticket.`);
    // The ticket service keeps the member; the bot adds them to the thread from ticket.member_added.
    await discord.control.waitFor(() =>
      discord.control.threadMembers(thread.id).includes(demo.userIds.bob) ? true : undefined,
    );
    t.pass('bob was added to the thread');
    const opener = slash(demo.userIds.sam, thread.id, 'add', { user: demo.userIds.alice });
    t.equal(
      await answerText(discord, opener.id),
      'The opener always sees their ticket: they cannot be added or removed.',
    );
    const outsider = discord.control.createUser({ username: 'outsider' });
    const notInGuild = slash(demo.userIds.sam, thread.id, 'add', { user: outsider.id });
    t.equal(await answerText(discord, notInGuild.id), 'That user is not a member of this server.');
    const remove = slash(demo.userIds.sam, thread.id, 'remove', { user: demo.userIds.bob });
    t.equal(await answerText(discord, remove.id), `<@${demo.userIds.bob}> no longer sees this ticket.`);
    await discord.control.waitFor(() =>
      discord.control.threadMembers(thread.id).includes(demo.userIds.bob) ? undefined : true,
    );
    t.pass('bob was taken out of the thread');
    const stored = await fetch(`${ticketUrl}/v1/guilds/${demo.guildId}/tickets/${ticketId}`, {
      headers: staffAuth,
    });
    t.same(((await stored.json()) as { ticket: { memberIds: string[] } }).ticket.memberIds, []);

    // Transfer: sam claims, then hands the ticket to kim (staff, not in the thread yet).
    const kim = discord.control.createUser({ username: 'kim' });
    discord.control.addMember(demo.guildId, kim.id, { roles: [demo.staffRoleId] });
    const unclaimed = slash(demo.userIds.sam, thread.id, 'transfer', { user: kim.id });
    t.equal(await answerText(discord, unclaimed.id), 'This ticket is not claimed.');
    t.equal(
      await answerText(discord, slash(demo.userIds.sam, thread.id, 'claim').id),
      'You claimed ticket #1.',
    );
    const toMember = slash(demo.userIds.sam, thread.id, 'transfer', { user: demo.userIds.bob });
    t.equal(
      await answerText(discord, toMember.id),
      'That user is not staff for this ticket, so it cannot be transferred to them.',
    );
    const byOther = slash(kim.id, thread.id, 'transfer', { user: kim.id });
    t.equal(
      await answerText(discord, byOther.id),
      `Only <@${demo.userIds.sam}> (who handles this ticket) or an admin can transfer it.`,
    );
    const transfer = slash(demo.userIds.sam, thread.id, 'transfer', { user: kim.id });
    t.equal(await answerText(discord, transfer.id), `Ticket #1 is now handled by <@${kim.id}>.`);
    const notice = await discord.control.waitForMessage(thread.id, (m) => m.content.includes('now handles'));
    t.equal(
      notice.content,
      `<@${kim.id}> now handles this ticket (transferred from <@${demo.userIds.sam}>).`,
    );
    t.ok(discord.control.threadMembers(thread.id).includes(kim.id), 'kim was added to the thread');
    await discord.control.waitFor(() =>
      discord.control
        .messages(thread.id)
        .find((m) => m.embeds.length > 0 && JSON.stringify(m.embeds).includes(`Claimed by <@${kim.id}>`)),
    );
    t.pass('the welcome message shows the new assignee');

    // Staff ask to close from the dashboard; the opener first keeps it open, then agrees.
    const requestClose = () =>
      fetch(`${ticketUrl}/v1/guilds/${demo.guildId}/tickets/${ticketId}/close-request`, {
        method: 'POST',
        headers: { ...staffAuth, 'content-type': 'application/json' },
        body: JSON.stringify({ reason: 'looks solved' }),
      });
    t.equal((await requestClose()).status, 200);
    const asked = await discord.control.waitForMessage(thread.id, (m) =>
      m.content.includes('would like to close'),
    );
    const deny =
      JSON.stringify(asked.components).match(/"custom_id":"(gw:ticket-close-deny:[^"]+)"/)?.[1] ?? '';
    const denied = discord.control.pressButton({
      messageId: asked.id,
      customId: deny,
      userId: demo.userIds.alice,
    });
    t.equal(await answerText(discord, denied.id), 'Ticket #1 stays open.');
    t.equal((await requestClose()).status, 200);
    const again = await discord.control.waitForMessage(
      thread.id,
      (m) => m.id !== asked.id && m.content.includes('would like to close'),
    );
    const accept =
      JSON.stringify(again.components).match(/"custom_id":"(gw:ticket-close-accept:[^"]+)"/)?.[1] ?? '';
    const accepted = discord.control.pressButton({
      messageId: again.id,
      customId: accept,
      userId: demo.userIds.alice,
    });
    t.equal(await answerText(discord, accepted.id), 'Ticket #1 is closed.');
    await discord.control.waitFor(() => {
      const c = discord.control.channel(thread.id) as { thread_metadata?: { archived: boolean } };
      return c.thread_metadata?.archived ? true : undefined;
    });
    t.pass('accepted: the thread is archived');
  },
);
