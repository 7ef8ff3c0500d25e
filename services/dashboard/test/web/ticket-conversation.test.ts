import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { waitUntil } from '@guildwire/testkit';
import pg from 'pg';
import t from 'tap';
import { expectVisible, launchChromium, newPerson, screenshot, signIn, waitForStatus } from './browser.js';
import { startWholeStack } from './whole-stack.js';

// The ticket page's conversation, through the whole stack: people write in the ticket's Discord
// channel (the fake Discord), the bot records it, the ticket service publishes it, the realtime
// gateway brings it to the page. Replies go the other way, once. A closed ticket shows its sealed
// transcript; the tickets list finds a ticket by a word of its conversation.

const stack = await startWholeStack(t);
const browser = await launchChromium(t);
const { demo, discord } = stack;
const { alice, bob, sam } = demo.userIds;
const guildPath = `/g/${demo.guildId}`;
const api = `${stack.urls.ticket}/v1/guilds/${demo.guildId}`;
const admin = () => ({ authorization: `Bearer ${stack.adminToken()}`, 'content-type': 'application/json' });

interface TicketJson {
  id: string;
  number: number;
  status: string;
  channelId: string | null;
  transcript: { digest: string; messageCount: number } | null;
}

async function getTicket(id: string): Promise<TicketJson> {
  const res = await fetch(`${api}/tickets/${id}`, { headers: admin() });
  return ((await res.json()) as { ticket: TicketJson }).ticket;
}

/** alice opens a ticket from Discord; resolves once the bot has given it its channel. */
async function ticketFromDiscord(subject: string): Promise<{ id: string; channelId: string }> {
  await stack.openTicketFromDiscord(alice, subject);
  return waitUntil(`ticket "${subject}" with its Discord channel`, async () => {
    const res = await fetch(`${api}/tickets?q=${encodeURIComponent(subject)}`, { headers: admin() });
    const found = ((await res.json()) as { items: TicketJson[] }).items[0];
    return found?.channelId ? { id: found.id, channelId: found.channelId } : undefined;
  });
}

const first = await ticketFromDiscord('conversation on the page');
const ticketPath = `${guildPath}/tickets/${first.id}`;
const messageOn = (page: import('playwright-core').Page, id: string) =>
  page.locator(`[data-testid="message"][data-message-id="${id}"]`);

t.test(
  'conversation – Discord messages appear without a reload; edits and deletes change them in place; a reply shows once in Discord and once on the page',
  async (t) => {
    const staff = await newPerson(browser);
    await signIn(staff.page, stack, sam, ticketPath);
    await waitForStatus(staff.page, 'live');
    const opener = await newPerson(browser);
    await signIn(opener.page, stack, alice, ticketPath);
    await waitForStatus(opener.page, 'live');
    await expectVisible(staff.page, staff.page.getByTestId('reply-box'), 'staff reply box');
    await expectVisible(opener.page, opener.page.getByTestId('reply-box'), 'the opener may reply too');
    let navigations = 0;
    staff.page.on('framenavigated', () => navigations++);

    // 1. alice writes in the ticket's channel, with markup, a mention and a file.
    const hello = discord.control.postMessage({
      channelId: first.channelId,
      userId: alice,
      content: `<b>PC LOAD LETTER</b> says the xylophone printer, <@${sam}>`,
      attachments: [{ filename: 'error.log', size: 120, contentType: 'text/plain' }],
    });
    const shown = messageOn(staff.page, hello.id);
    await expectVisible(staff.page, shown, 'the Discord message on the staff page');
    await expectVisible(opener.page, messageOn(opener.page, hello.id), "the message on the opener's page");
    t.equal(navigations, 0, 'no reload');
    t.match(await shown.textContent(), /alice/, 'the author by name');
    t.match(await shown.locator('.content').textContent(), '<b>PC LOAD LETTER</b>', 'markup shown as text');
    t.equal(await shown.locator('.content b').count(), 0, 'never as HTML');
    t.equal(await shown.locator('.mention').textContent(), '@sam', 'the mention by the name it had');
    const file = shown.getByRole('link', { name: 'error.log' });
    t.match(await file.getAttribute('href'), /^https:\/\//, 'the attachment is an https link');

    // 2. She edits it: the same entry changes, marked edited.
    discord.control.editMessage({
      messageId: hello.id,
      userId: alice,
      content: 'the xylophone printer is fixed?',
    });
    await expectVisible(staff.page, shown.getByTestId('edited'), 'the edited marker');
    t.equal(await shown.locator('.content').textContent(), 'the xylophone printer is fixed?');
    t.equal(await staff.page.locator(`[data-message-id="${hello.id}"]`).count(), 1, 'changed in place');

    // 3. A message deleted in Discord stays in its place, as deleted.
    const typo = discord.control.postMessage({
      channelId: first.channelId,
      userId: alice,
      content: 'typo typo',
    });
    await expectVisible(staff.page, messageOn(staff.page, typo.id), 'the typo');
    discord.control.deleteMessage(typo.id);
    const gone = staff.page.locator(`[data-message-id="${typo.id}"][data-deleted="true"]`);
    await expectVisible(staff.page, gone, 'the deleted message');
    t.match(await gone.textContent(), /message deleted/);
    t.notMatch(await gone.textContent(), /typo typo/, 'its content is gone');
    const order = await staff.page
      .locator('[data-testid="message"]')
      .evaluateAll((items) => items.map((i) => i.getAttribute('data-message-id')));
    t.ok(order.indexOf(hello.id) < order.indexOf(typo.id), 'in the order they were written');

    // 4. The counter and Discord's limit, before anything is sent.
    const box = staff.page.getByTestId('reply-box');
    await box.locator('textarea').fill('x'.repeat(2001));
    t.match(await box.getByTestId('reply-count').textContent(), /2001 \/ 2000.*1 too many/);
    t.ok(await box.getByRole('button', { name: 'Send' }).isDisabled(), 'too long: not sent');
    await screenshot(staff.page, '20-conversation-over-limit', { fullPage: false });

    // 5. Staff reply from the page: one Discord message, one entry on each page.
    const text = 'We are on it — the xylophone technician is coming.';
    await box.locator('textarea').fill(text);
    t.match(await box.getByTestId('reply-count').textContent(), `${text.length} / 2000`);
    await box.getByRole('button', { name: 'Send' }).click();
    const inDiscord = await discord.control.waitForMessage(first.channelId, (m) => m.content === text, {
      timeoutMs: 20_000,
    });
    const echoed = messageOn(staff.page, inDiscord.id);
    await expectVisible(staff.page, echoed, 'the posted reply on the staff page');
    t.ok(await echoed.getAttribute('data-reply-id'), 'linked to the dashboard reply');
    await expectVisible(opener.page, messageOn(opener.page, inDiscord.id), 'the reply on the opener page');
    t.equal(await box.locator('textarea').inputValue(), '', 'the box is empty again');
    for (const p of [staff.page, opener.page]) {
      t.equal(await p.getByTestId('unposted-reply').count(), 0, 'no pending bubble left beside it');
      t.equal(await p.locator('[data-testid="message"]', { hasText: text }).count(), 1, 'shown once');
    }
    t.equal(
      discord.control.messages(first.channelId).filter((m) => m.content === text).length,
      1,
      'posted once in Discord',
    );
    t.equal(navigations, 0, 'still no reload');
    await screenshot(staff.page, '21-conversation-live');
    await screenshot(opener.page, '22-conversation-opener');
    await staff.context.close();
    await opener.context.close();
  },
);

t.test(
  'conversation – a reply Discord refuses is shown failed with the reason; retry and dismiss',
  async (t) => {
    const doomed = await ticketFromDiscord('channel about to vanish');
    const staff = await newPerson(browser);
    await signIn(staff.page, stack, sam, `${guildPath}/tickets/${doomed.id}`);
    await waitForStatus(staff.page, 'live');
    await expectVisible(staff.page, staff.page.getByTestId('reply-box'), 'the reply box');
    // The channel is deleted in Discord (as a moderator would): the bot cannot post there any more.
    await fetch(`${discord.apiUrl}/v10/channels/${doomed.channelId}`, {
      method: 'DELETE',
      headers: { authorization: `Bot ${discord.token}` },
    });
    const box = staff.page.getByTestId('reply-box');
    await box.locator('textarea').fill('anyone there?');
    await box.getByRole('button', { name: 'Send' }).click();
    const failed = staff.page.locator('[data-testid="unposted-reply"][data-status="failed"]');
    await expectVisible(staff.page, failed, 'the failed reply');
    t.match(await failed.getByTestId('reply-failure').textContent(), /Discord refused it: .*deleted/i);
    t.match(await failed.textContent(), /anyone there\?/);
    await screenshot(staff.page, '23-conversation-reply-failed', { fullPage: false });

    // Retry is a new attempt (a new Idempotency-Key): a second reply, which fails the same way.
    const firstId = (await failed.getAttribute('data-reply-id'))!;
    await failed.getByRole('button', { name: 'Retry' }).click();
    const retried = staff.page.locator(
      `[data-testid="unposted-reply"][data-status="failed"]:not([data-reply-id="${firstId}"])`,
    );
    await expectVisible(staff.page, retried, 'the retried reply, failed too');
    await staff.page.locator(`[data-reply-id="${firstId}"]`).waitFor({ state: 'detached' });
    t.equal(await staff.page.getByTestId('unposted-reply').count(), 1, 'the retried one replaces the first');
    const replies = await fetch(`${api}/tickets/${doomed.id}/replies`, { headers: admin() });
    const items = ((await replies.json()) as { items: { status: string }[] }).items;
    t.equal(items.length, 2, 'two attempts on the server');
    await waitUntil('both failed on the server', async () => {
      const res = await fetch(`${api}/tickets/${doomed.id}/replies`, { headers: admin() });
      const all = ((await res.json()) as { items: { status: string }[] }).items;
      return all.every((r) => r.status === 'failed') ? true : undefined;
    });
    // A reload shows the one not dismissed (the first was hidden by its retry), from GET …/replies.
    await staff.page.reload();
    await expectVisible(staff.page, failed, 'the failed reply after a reload');
    t.equal(await staff.page.getByTestId('unposted-reply').count(), 1);
    await failed.getByRole('button', { name: 'Dismiss' }).click();
    await staff.page.getByTestId('unposted-reply').waitFor({ state: 'detached' });
    await staff.page.reload();
    await staff.page.getByTestId('reply-box').waitFor();
    t.equal(await staff.page.getByTestId('unposted-reply').count(), 0, 'dismissed stays dismissed');
    await staff.context.close();
  },
);

t.test(
  'pages – a ticket with 10,000 messages: the page shows the newest 50, and 50 more on "load older"',
  async (t) => {
    const big = await ticketFromDiscord('ten thousand messages');
    // Seeded straight into the ticket service's table (through Discord it would take minutes):
    // 10,000 messages after the bot's welcome, one millisecond of snowflake apart.
    const db = new pg.Client(stack.databaseUrl);
    await db.connect();
    t.teardown(() => db.end());
    await waitUntil('the welcome message is recorded', async () => {
      const r = await db.query('select 1 from ticket.ticket_messages where ticket_id = $1', [big.id]);
      return r.rowCount ? true : undefined;
    });
    await db.query(
      `insert into ticket.ticket_messages
         (ticket_id, message_id, guild_id, channel_id, author, content, created_at, version)
       select $1, base.id + n::bigint * 4194304, $2, $3, '{"id":"${alice}","name":"alice","bot":false}',
              'bulk message ' || n, now(), 1
       from (select max(message_id) as id from ticket.ticket_messages where ticket_id = $1) base,
            generate_series(1, 10000) n`,
      [big.id, demo.guildId, big.channelId],
    );
    const staff = await newPerson(browser);
    const requests: string[] = [];
    staff.page.on('request', (r) => {
      if (r.url().includes(`/tickets/${big.id}/messages`)) requests.push(r.url());
    });
    await signIn(staff.page, stack, sam, `${guildPath}/tickets/${big.id}`);
    const messages = staff.page.locator('[data-testid="message"]');
    await expectVisible(staff.page, messages.filter({ hasText: 'bulk message 10000' }), 'the newest message');
    // A figure for the report, not an assertion: a reload (token, /config.json, the ticket, a page).
    requests.length = 0;
    const started = Date.now();
    await staff.page.reload();
    await messages.filter({ hasText: 'bulk message 10000' }).waitFor();
    t.comment(`reload → the newest of 10,000 messages on screen: ${Date.now() - started} ms`);
    t.equal(await messages.count(), 50, 'one page in the DOM, not 10,000');
    t.equal(requests.length, 1, 'one request');
    t.match(requests[0], /order=desc/);
    t.match(
      await messages.first().textContent(),
      /bulk message 9951/,
      'the page holds the newest 50, in order',
    );
    await staff.page.getByRole('button', { name: 'Load older messages' }).click();
    await messages.filter({ hasText: 'bulk message 9901' }).waitFor();
    t.equal(await messages.count(), 100, 'one more page');
    t.match(requests[1], /cursor=/, 'asked by cursor');
    t.match(await messages.first().textContent(), /bulk message 9901/);
    const place = await staff.page.evaluate(() => {
      const box = document.querySelector('.messages-scroll')!.getBoundingClientRect();
      const item = Array.from(document.querySelectorAll('[data-testid="message"]')).find((m) =>
        m.textContent?.includes('bulk message 9951'),
      )!;
      const at = item.getBoundingClientRect();
      return { top: at.top - box.top, bottom: box.bottom - at.bottom };
    });
    t.ok(place.top >= -1 && place.bottom >= 0, `the reader stays at message 9951 (${JSON.stringify(place)})`);
    await screenshot(staff.page, '27-conversation-10000', { fullPage: false });
    await staff.context.close();
  },
);

t.test('search – the tickets list finds a ticket by a word written in its conversation', async (t) => {
  const staff = await newPerson(browser);
  await signIn(staff.page, stack, sam, `${guildPath}/tickets`);
  const list = staff.page.getByTestId('ticket-list');
  await list.locator('tr', { hasText: 'channel about to vanish' }).waitFor();
  await staff.page.getByRole('searchbox', { name: 'In conversations' }).fill('xyloph');
  await staff.page.waitForURL((url) => url.searchParams.get('messages') === 'xyloph');
  // The unfiltered rows go (the search loads), then the answer's come.
  await list.locator('tr', { hasText: 'channel about to vanish' }).waitFor({ state: 'detached' });
  await list.locator(`tr[data-ticket-id="${first.id}"]`).waitFor();
  const rows = list.locator('tbody tr');
  t.equal(await rows.count(), 1, 'one ticket has the word');
  t.equal(await rows.first().getAttribute('data-ticket-id'), first.id);
  await screenshot(staff.page, '24-conversation-search');
  await staff.page.getByRole('searchbox', { name: 'In conversations' }).fill('xylophone unicorn');
  await expectVisible(staff.page, staff.page.getByText('No tickets match.'), 'no ticket has both words');

  // bob, a member, searches only his own tickets: alice's conversation is not his to find.
  const member = await newPerson(browser);
  await signIn(member.page, stack, bob, `${guildPath}/tickets?messages=xylophone`);
  await expectVisible(
    member.page,
    member.page.getByText('No tickets match.'),
    "bob finds nothing of alice's",
  );
  await staff.context.close();
  await member.context.close();
});

t.test(
  'closed – a reply to a ticket closed behind the page is refused clearly; then the reply box is gone and the sealed transcript is there',
  async (t) => {
    const staff = await newPerson(browser);
    await signIn(staff.page, stack, sam, ticketPath);
    await waitForStatus(staff.page, 'live');
    const box = staff.page.getByTestId('reply-box');
    await box.waitFor();
    // The page has no stream while the ticket is closed: it still shows the reply box.
    await stack.killRealtime();
    await waitForStatus(staff.page, 'reconnecting');
    const closed = await fetch(`${api}/tickets/${first.id}/close`, {
      method: 'POST',
      headers: admin(),
      body: JSON.stringify({ reason: 'fixed' }),
    });
    t.equal(closed.status, 200);
    await box.locator('textarea').fill('one more thing');
    await box.getByRole('button', { name: 'Send' }).click();
    const error = box.getByTestId('reply-error');
    await expectVisible(staff.page, error, 'the 409 explained');
    t.match(await error.textContent(), /ticket is closed/);
    await error.scrollIntoViewIfNeeded();
    await screenshot(staff.page, '25-conversation-closed-409', { fullPage: false });

    await stack.startRealtime();
    await waitForStatus(staff.page, 'live');
    await staff.page.locator('[data-testid="ticket-status"]', { hasText: 'closed' }).waitFor();
    await expectVisible(staff.page, staff.page.getByTestId('transcript'), 'the transcript');
    t.equal(await staff.page.getByTestId('reply-box').count(), 0, 'no reply box on a closed ticket');
    t.match(await staff.page.getByTestId('reply-closed').textContent(), /closed/);
    const sealed = (await getTicket(first.id)).transcript!;
    t.equal(await staff.page.getByTestId('transcript-digest').textContent(), sealed.digest);
    t.equal(Number(await staff.page.getByTestId('transcript-count').textContent()), sealed.messageCount);

    // The JSON, fetched with the token and saved: byte for byte the sealed document.
    const [download] = await Promise.all([
      staff.page.waitForEvent('download'),
      staff.page.getByRole('button', { name: 'Download JSON' }).click(),
    ]);
    t.equal(download.suggestedFilename(), `ticket-${(await getTicket(first.id)).number}-transcript.json`);
    const body = await readFile((await download.path())!);
    t.equal(createHash('sha256').update(body).digest('hex'), sealed.digest, 'sha256 of the file is the seal');
    t.match(
      JSON.parse(body.toString())
        .messages.map((m: { content: string }) => m.content)
        .join('\n'),
      /xylophone technician/,
    );
    t.match(await staff.page.getByTestId('transcript-verified').textContent(), /matches the sealed sha256/);

    // The HTML, shown in a sandboxed frame: the conversation, and nothing running.
    await staff.page.getByRole('button', { name: 'View transcript' }).click();
    const frame = staff.page.getByTestId('transcript-frame');
    await frame.waitFor();
    t.equal(await frame.getAttribute('sandbox'), '', 'no scripts, an opaque origin');
    const inside = staff.page.frameLocator('[data-testid="transcript-frame"]');
    await inside.getByText('xylophone technician', { exact: false }).first().waitFor();
    t.pass('the transcript shows the reply');
    // The sandboxed frame runs no script (not even Playwright's requestAnimationFrame); the capture
    // waits for the page to paint two frames after the frame's content is there.
    await frame.scrollIntoViewIfNeeded();
    await staff.page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await screenshot(staff.page, '26-conversation-transcript', { fullPage: false });
    await staff.context.close();
  },
);
