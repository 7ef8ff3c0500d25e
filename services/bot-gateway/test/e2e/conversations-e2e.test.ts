import { createHash } from 'node:crypto';
import { seedDemoGuild } from '@guildwire/fake-discord';
import type { RealtimeEvent } from '@guildwire/realtime-client';
import { spawnService, waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { botBus, fakeDiscord, startBot, tokenFor } from '../fixtures.js';
import {
  dashboardOf,
  natsEnv,
  serviceMain,
  startService,
  startServiceProcess,
  ticketSettings,
} from './stack.js';

interface MessageData {
  message: {
    id: string;
    content: string;
    replyId: string | null;
    deletedAt: string | null;
    author: { id: string };
  };
}
const messageOf = (e: RealtimeEvent) => (e.data as unknown as MessageData).message;

t.test(
  'e2e conversations – Discord ⇄ ticket service ⇄ dashboard: capture, replies once, edits and deletes, the bot and the ticket service restarted while users write, a deleted channel, the sealed transcript',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    await ticketSettings(t, bus, [demo.staffRoleId]);
    const [ticketService, realtimeUrl] = await Promise.all([
      startServiceProcess(t, bus, 'ticket', true),
      startService(t, bus, 'realtime-gateway', false),
    ]);
    let ticketUrl = ticketService.url;
    let bot = await startBot(t, discord, bus);
    const guild = demo.guildId;
    const { alice, bob, sam } = demo.userIds;
    const staffHeaders = { ...tokenFor(sam, { [guild]: 'staff' }), 'content-type': 'application/json' };
    const aliceHeaders = { ...tokenFor(alice, { [guild]: 'member' }), 'content-type': 'application/json' };

    // alice opens a ticket on the dashboard: the bot gives it a private channel.
    const opened = await fetch(`${ticketUrl}/v1/guilds/${guild}/tickets`, {
      method: 'POST',
      headers: aliceHeaders,
      body: JSON.stringify({ subject: 'printer on fire' }),
    });
    const ticketId = ((await opened.json()) as { ticket: { id: string } }).ticket.id;
    const ticketPath = `/v1/guilds/${guild}/tickets/${ticketId}`;
    const channelId = await waitUntil('the ticket has its Discord channel', async () => {
      const res = await fetch(`${ticketUrl}${ticketPath}`, { headers: staffHeaders });
      return ((await res.json()) as { ticket: { channelId: string | null } }).ticket.channelId ?? undefined;
    });

    const staff = dashboardOf(t, realtimeUrl, guild, sam, 'staff');
    const opener = dashboardOf(t, realtimeUrl, guild, alice, 'member');
    const stranger = dashboardOf(t, realtimeUrl, guild, bob, 'member');
    // Subscribed (the gateway answered): what is published from now on reaches them.
    await waitUntil('the dashboards are subscribed', async () =>
      [staff, opener, stranger].every((d) => d.client.cursor(guild)) ? true : undefined,
    );
    const posted = (d: typeof staff) => d.ofType('ticket.message_posted').map(messageOf);
    const waitPosted = (d: typeof staff, what: string, match: (m: MessageData['message']) => boolean) =>
      waitUntil(what, async () => posted(d).find(match), { timeoutMs: 20_000 });

    // 1. A user writes in the ticket's channel: the staff dashboard and the opener's get it.
    const hello = discord.control.postMessage({
      channelId,
      userId: alice,
      content: `hello <@${sam}> <script>alert(1)</script>`,
      attachments: [{ filename: 'error.log', size: 120, contentType: 'text/plain' }],
    });
    await waitPosted(staff, 'staff sees the message', (m) => m.id === hello.id);
    await waitPosted(opener, 'the opener sees it too', (m) => m.id === hello.id);

    // 2. Staff reply over HTTP (a retried POST with the same key): one Discord message, once on the dashboard.
    const reply = () =>
      fetch(`${ticketUrl}${ticketPath}/messages`, {
        method: 'POST',
        headers: { ...staffHeaders, 'idempotency-key': 'reply-1' },
        body: JSON.stringify({ content: 'We are on it.' }),
      });
    const [r1, r2] = await Promise.all([reply(), reply()]);
    t.equal(r1.status, 202);
    t.equal(r2.status, 202);
    const replyId = ((await r1.json()) as { reply: { id: string } }).reply.id;
    const inDiscord = await discord.control.waitForMessage(channelId, (m) => m.content === 'We are on it.', {
      timeoutMs: 20_000,
    });
    t.match(inDiscord.embeds[0], { author: { name: /from the dashboard/ } }, 'the writer is shown');
    const echoed = await waitPosted(staff, 'the reply comes back', (m) => m.replyId === replyId);
    t.equal(echoed.id, inDiscord.id);

    // 3. Edits and deletes follow.
    discord.control.editMessage({
      messageId: hello.id,
      userId: alice,
      content: 'hello again <script>x</script>',
    });
    await waitUntil('the edit reaches the dashboard', async () =>
      staff.ofType('ticket.message_edited').find((e) => messageOf(e).id === hello.id) ? true : undefined,
    );
    const typo = discord.control.postMessage({ channelId, userId: alice, content: 'typo' });
    await waitPosted(staff, 'the typo', (m) => m.id === typo.id);
    discord.control.deleteMessage(typo.id);
    await waitUntil('the delete reaches the dashboard', async () =>
      staff.ofType('ticket.message_deleted').find((e) => messageOf(e).id === typo.id) ? true : undefined,
    );

    // 4. The bot goes away while alice writes, and its session is lost (a fresh IDENTIFY, no
    // replay): the backfill after it reconnects fetches them, in order.
    await bot.close();
    const whileDown = Array.from({ length: 5 }, (_, i) =>
      discord.control.postMessage({ channelId, userId: alice, content: `while the bot was down ${i}` }),
    );
    discord.control.gateway.invalidateSessions();
    bot = await startBot(t, discord, bus);
    for (const m of whileDown) await waitPosted(staff, `backfilled ${m.content}`, (x) => x.id === m.id);

    // 5. The ticket service goes away while alice writes: the capture queue holds the messages.
    await ticketService.child.kill();
    const whileServiceDown = Array.from({ length: 3 }, (_, i) =>
      discord.control.postMessage({
        channelId,
        userId: alice,
        content: `while the ticket service was down ${i}`,
      }),
    );
    const restarted = await spawnService(serviceMain('ticket'), {
      t,
      env: { ...natsEnv(bus), ...ticketService.env },
      readyTimeoutMs: 60_000,
    });
    ticketUrl = restarted.url;
    for (const m of whileServiceDown) await waitPosted(staff, `queued ${m.content}`, (x) => x.id === m.id);

    // Nothing doubled on the way: each message once on the staff dashboard, the stranger got none.
    const marker = discord.control.postMessage({ channelId, userId: alice, content: 'marker' });
    await waitPosted(staff, 'marker', (m) => m.id === marker.id);
    const ids = posted(staff).map((m) => m.id);
    t.equal(new Set(ids).size, ids.length, 'no message posted twice on the dashboard');
    t.equal(ids.filter((id) => id === inDiscord.id).length, 1, 'the reply shows once');
    t.equal(discord.control.messages(channelId).filter((m) => m.content === 'We are on it.').length, 1);
    t.same(
      stranger.events.filter((e) => e.type.startsWith('ticket.message')),
      [],
      "another member sees nothing of alice's conversation",
    );
    const order = [...whileDown, ...whileServiceDown].map((m) => m.id);
    t.same(
      ids.filter((id) => order.includes(id)),
      order,
      'missed messages arrive in the order they were written',
    );

    // 6. A reply to a ticket whose channel was deleted fails clearly.
    await fetch(`${discord.apiUrl}/v10/channels/${channelId}`, {
      method: 'DELETE',
      headers: { authorization: `Bot ${discord.token}` },
    });
    const lost = await fetch(`${ticketUrl}${ticketPath}/messages`, {
      method: 'POST',
      headers: staffHeaders,
      body: JSON.stringify({ content: 'anyone there?' }),
    });
    t.equal(lost.status, 202);
    const lostId = ((await lost.json()) as { reply: { id: string } }).reply.id;
    const failed = await waitUntil(
      'ticket.message_failed on the dashboard',
      async () =>
        staff
          .ofType('ticket.message_failed')
          .find((e) => (e.data as { reply: { id: string } }).reply.id === lostId),
      { timeoutMs: 20_000 },
    );
    t.match(failed.data, { reply: { status: 'failed', error: /deleted/ } });

    // 7. Closed: the transcript holds every message in order and its HTML escapes content.
    const closed = await fetch(`${ticketUrl}${ticketPath}/close`, {
      method: 'POST',
      headers: staffHeaders,
      body: JSON.stringify({ reason: 'solved' }),
    });
    t.equal(closed.status, 200);
    const json = await fetch(`${ticketUrl}${ticketPath}/transcript.json`, { headers: aliceHeaders });
    const body = await json.text();
    const transcript = JSON.parse(body) as { messages: { id: string; content: string }[] };
    const expected = [
      hello.id,
      inDiscord.id,
      ...whileDown.map((m) => m.id),
      ...whileServiceDown.map((m) => m.id),
      marker.id,
    ];
    t.same(
      transcript.messages.map((m) => m.id).filter((id) => expected.includes(id)),
      expected,
      'every message, in order, deleted ones left out',
    );
    t.notOk(transcript.messages.some((m) => m.id === typo.id));
    t.equal(json.headers.get('transcript-sealed'), 'true');
    t.equal(json.headers.get('transcript-digest'), createHash('sha256').update(body).digest('hex'));
    const html = await (
      await fetch(`${ticketUrl}${ticketPath}/transcript.html`, { headers: staffHeaders })
    ).text();
    t.notMatch(html, /<script>/);
    t.match(html, /hello again &lt;script&gt;x&lt;\/script&gt;/);
    t.match(html, /error\.log/);
  },
);
