import { type ReceivedEvent, readOrdered } from '@guildwire/bus';
import { type EventOf, guildEventsFilter, ticketEvents } from '@guildwire/contracts';
import { seedDemoGuild } from '@guildwire/fake-discord';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { answerText, botBus, fakeDiscord, startBot, tokenFor } from '../fixtures.js';
import { startTicketService, ticketSettings } from './stack.js';

t.test(
  'tags e2e – /tag autocompletes and posts a canned reply as staff through the reply path; members, unknown tags and other channels get clear answers; the opener writing a keyword gets the auto-reply once',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
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
    const guild = demo.guildId;
    const { alice, sam } = demo.userIds;
    const json = { 'content-type': 'application/json' };
    const base = `${ticketUrl}/v1/guilds/${guild}`;
    const admin = { ...tokenFor('1300000000000000101', { [guild]: 'admin' }), ...json };
    const replyRequests = () =>
      events
        .filter((e) => e.def === ticketEvents.replyRequested)
        .map((e) => e.message as EventOf<typeof ticketEvents.replyRequested>);

    // An admin writes the guild's tags on the dashboard.
    for (const body of [
      { name: 'refund', content: 'Refunds take 5 business days.', keywords: ['refund'] },
      { name: 'reopen', content: 'Press Reopen under the ticket.' },
      { name: 'shipping', content: 'We ship on Mondays.', keywords: ['shipping', 'delivery'] },
    ]) {
      const res = await fetch(`${base}/tickets/tags`, {
        method: 'POST',
        headers: admin,
        body: JSON.stringify(body),
      });
      t.equal(res.status, 201, `tag ${body.name} created`);
    }
    t.ok(
      discord.control.commands().find((c) => c.name === 'tag'),
      '/tag is registered',
    );

    // alice opens a ticket; the bot gives it a channel.
    const opened = await fetch(`${base}/tickets`, {
      method: 'POST',
      headers: { ...tokenFor(alice, { [guild]: 'member' }), ...json },
      body: JSON.stringify({ subject: 'where is my parcel' }),
    });
    const ticketId = ((await opened.json()) as { ticket: { id: string } }).ticket.id;
    const staffHeaders = tokenFor(sam, { [guild]: 'staff' });
    const channelId = await waitUntil('the ticket has its Discord channel', async () => {
      const res = await fetch(`${base}/tickets/${ticketId}`, { headers: staffHeaders });
      return ((await res.json()) as { ticket: { channelId: string | null } }).ticket.channelId ?? undefined;
    });

    // Autocomplete: staff see the tags starting with what they type; a member sees none.
    const choicesOf = async (userId: string, typed: string) => {
      const ix = discord.control.autocomplete({
        channelId,
        userId,
        name: 'tag',
        options: { name: typed },
        focused: 'name',
      });
      const answered = await discord.control.waitForInteractionResponse(ix.id);
      t.equal(answered.callback?.type, 8, 'answered with choices');
      return (
        (answered.callback?.data as { choices?: { name: string; value: string }[] } | undefined)?.choices ??
        []
      );
    };
    const typedRe = await choicesOf(sam, 'RE');
    t.same(
      typedRe.map((c) => c.value),
      ['refund', 'reopen'],
    );
    t.equal(typedRe[0]?.name, 'refund — Refunds take 5 business days.');
    t.equal((await choicesOf(sam, '')).length, 3);
    t.same(await choicesOf(alice, ''), [], 'a member is offered no tags');

    // /tag as staff: the tag's content is posted in the ticket by the bot, named as sam's reply.
    const tag = (userId: string, name: string, where = channelId) =>
      discord.control.runSlashCommand({ channelId: where, userId, name: 'tag', options: { name } });
    t.equal(await answerText(discord, tag(sam, 'Refund').id), 'Posting tag "refund" in this ticket.');
    const posted = await waitUntil('the tag is posted in the ticket', async () =>
      discord.control.messages(channelId).find((m) => m.content === 'Refunds take 5 business days.'),
    );
    t.match(posted.embeds[0], { author: { name: /· tag refund$/ } });
    const [requested] = replyRequests();
    t.equal(requested?.reply?.tagName, 'refund');
    t.equal(requested?.reply?.authorId, sam, "staff's reply");
    // It is in the conversation (and so the transcript) as one message carrying the reply.
    const kept = await waitUntil('the posted tag is in the conversation', async () => {
      const res = await fetch(`${base}/tickets/${ticketId}/messages`, { headers: staffHeaders });
      const page = (await res.json()) as { items: { id: string; replyId: string | null }[] };
      return page.items.find((m) => m.id === posted.id && m.replyId === requested?.reply?.id);
    });
    t.ok(kept);

    // Refusals, each a clear ephemeral answer, nothing posted.
    t.equal(await answerText(discord, tag(alice, 'refund').id), 'Only staff can do that.');
    t.match(await answerText(discord, tag(sam, 'nope').id), /There is no tag "nope"/);
    t.equal(
      await answerText(discord, tag(sam, 'refund', demo.ticketPanelChannelId).id),
      "/tag works inside a ticket's thread or channel.",
    );

    // Auto-reply: alice writes "refund" twice, then "delivery": refund's answer once, then shipping's.
    const autoReplies = () =>
      discord.control
        .messages(channelId)
        .filter((m) =>
          /auto-reply/.test(String((m.embeds[0]?.author as { name?: string } | undefined)?.name)),
        );
    discord.control.postMessage({ channelId, userId: alice, content: 'I want a REFUND' });
    await waitUntil('the refund auto-reply', async () => (autoReplies().length === 1 ? true : undefined));
    discord.control.postMessage({ channelId, userId: alice, content: 'refund, please, refund!' });
    discord.control.postMessage({ channelId, userId: alice, content: 'and the delivery?' });
    await waitUntil('the shipping auto-reply', async () =>
      autoReplies().find((m) => m.content === 'We ship on Mondays.'),
    );
    t.same(
      autoReplies().map((m) => m.content),
      ['Refunds take 5 business days.', 'We ship on Mondays.'],
      'each tag once per ticket, not on every matching message',
    );
    t.match(autoReplies()[0]?.embeds[0], { author: { name: 'Guildwire · auto-reply · tag refund' } });
    t.same(
      replyRequests().map((e) => e.reply?.tagName),
      ['refund', 'refund', 'shipping'],
      'the events read back from JetStream: /tag, then two auto-replies',
    );
  },
);
