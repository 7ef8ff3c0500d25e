import t from 'tap';
import { expectVisible, launchChromium, newPerson, screenshot, signIn, waitForStatus } from './browser.js';
import { startWholeStack } from './whole-stack.js';

// Signing in through the fake Discord, the guild picker, and the ticket list kept live by the stream:
// a ticket opened from Discord (the panel button) appears without a reload; staff and a member, in
// two browser profiles at once, each see only what they may.

const stack = await startWholeStack(t);
const browser = await launchChromium(t);
const { demo } = stack;
const guildPath = `/g/${demo.guildId}`;

t.test(
  'sign-in – the consent page leads back to the guild picker, with the role of each guild',
  async (t) => {
    const { page } = await newPerson(browser);
    await signIn(page, stack, stack.ownerId);
    const guild = page.locator(`[data-guild-id="${demo.guildId}"]`);
    await guild.waitFor();
    t.match(await guild.textContent(), /Guildwire Demo.*Admin/);
    await waitForStatus(page, 'live');
    await screenshot(page, '01-guild-picker');
    await guild.click();
    await page.waitForURL(`**${guildPath}`);
    await page.getByRole('heading', { name: 'Overview' }).waitFor();
    await screenshot(page, '02-overview');
    await page.close();
  },
);

t.test('tickets – one opened from Discord appears on the open list without a reload', async (t) => {
  const staff = await newPerson(browser);
  // Signing in straight to a filtered list: the sign-in keeps the page's place (path and query).
  await signIn(staff.page, stack, demo.userIds.sam, `${guildPath}/tickets?status=open`);
  t.equal(new URL(staff.page.url()).search, '?status=open', 'back on the filtered list');
  await waitForStatus(staff.page, 'live');
  const member = await newPerson(browser);
  await signIn(member.page, stack, demo.userIds.alice, `${guildPath}/tickets`);
  await waitForStatus(member.page, 'live');
  const bob = await newPerson(browser);
  await signIn(bob.page, stack, demo.userIds.bob, `${guildPath}/tickets`);
  await waitForStatus(bob.page, 'live');

  let navigations = 0;
  staff.page.on('framenavigated', () => navigations++);
  await stack.openTicketFromDiscord(demo.userIds.alice, 'printer on fire');
  const row = staff.page.locator('[data-testid="ticket-list"] tr', { hasText: 'printer on fire' });
  await row.waitFor();
  t.equal(navigations, 0, 'the staff page did not reload');
  t.equal(await row.getAttribute('data-status'), 'open');
  // The opener sees it too (a member sees their own tickets) ...
  await member.page.locator('[data-testid="ticket-list"] tr', { hasText: 'printer on fire' }).waitFor();
  await screenshot(staff.page, '03-tickets-staff');
  await screenshot(member.page, '04-tickets-member');

  // ... another member does not, and has no staff pages.
  await stack.openTicketFromDiscord(demo.userIds.bob, 'bob needs help');
  await expectVisible(
    bob.page,
    bob.page.locator('[data-testid="ticket-list"] tr', { hasText: 'bob needs help' }),
    'bob-sees-his-ticket',
  );
  await staff.page.locator('[data-testid="ticket-list"] tr', { hasText: 'bob needs help' }).waitFor();
  t.equal(
    await bob.page.locator('tr', { hasText: 'printer on fire' }).count(),
    0,
    "bob does not see alice's ticket",
  );
  t.equal(
    await member.page.locator('tr', { hasText: 'bob needs help' }).count(),
    0,
    "alice does not see bob's",
  );
  t.equal(
    await member.page.getByRole('link', { name: 'Settings' }).count(),
    0,
    'members have no settings page',
  );
  t.equal(await staff.page.getByRole('link', { name: 'Settings' }).count(), 1, 'staff have one');

  // Staff claim it on the detail page; the member's list changes the row in place.
  await row.getByRole('link').click();
  await staff.page.getByTestId('ticket').waitFor();
  await staff.page.getByTestId('conversation').waitFor();
  await staff.page.getByRole('button', { name: 'Claim' }).click();
  await staff.page.locator('[data-testid="ticket-status"]', { hasText: 'claimed' }).waitFor();
  await member.page
    .locator('[data-testid="ticket-list"] tr[data-status="claimed"]', { hasText: 'printer on fire' })
    .waitFor();
  await screenshot(staff.page, '05-ticket-detail');
  for (const p of [staff, member, bob]) await p.context.close();
});

t.test(
  'errors and sessions – a missing ticket is explained; an ended session signs in again to the same page',
  async (t) => {
    const { context, page } = await newPerson(browser);
    const missing = `${guildPath}/tickets/01900000-0000-7000-8000-000000000000`;
    await signIn(page, stack, demo.userIds.sam, missing);
    const error = page.getByTestId('error');
    await error.waitFor();
    t.match(await error.textContent(), /Not found/, 'a readable error, not a blank page');
    await screenshot(page, '15-not-found');

    // The session ends (here: signed out from another tab); the next load goes through Discord and
    // comes back to the same page.
    const listPath = `${guildPath}/tickets?priority=high`;
    await page.goto(`${stack.urls.dashboard}${listPath}`);
    await page.getByTestId('connection-status').waitFor();
    await page.evaluate(() => fetch('/auth/logout', { method: 'POST' }));
    await page.reload();
    await page.waitForURL((url) => url.pathname === '/oauth2/authorize');
    await page.check(`input[name="user_id"][value="${demo.userIds.sam}"]`);
    await page.click('#authorize');
    await page.waitForURL((url) => url.pathname === `${guildPath}/tickets`);
    t.equal(new URL(page.url()).search, '?priority=high', 'back on the same filtered list');
    await page.getByTestId('connection-status').waitFor();
    await context.close();
  },
);

t.test(
  'reconnect – the realtime gateway killed and restarted: reconnecting, then live, nothing missed',
  async (t) => {
    const staff = await newPerson(browser);
    await signIn(staff.page, stack, demo.userIds.sam, `${guildPath}/tickets`);
    await waitForStatus(staff.page, 'live');
    const list = staff.page.getByTestId('ticket-list');
    const claimedBefore = list.locator('tr[data-status="open"]', { hasText: 'bob needs help' });
    await claimedBefore.waitFor();
    const ticketId = (await claimedBefore.getAttribute('data-ticket-id'))!;

    await stack.killRealtime();
    await waitForStatus(staff.page, 'reconnecting');
    await screenshot(staff.page, '10-reconnecting');
    // Changes made while the page has no stream: a ticket opened from Discord, one claimed over HTTP.
    await stack.openTicketFromDiscord(demo.userIds.alice, 'opened while the gateway was down');
    const claim = await fetch(`${stack.urls.ticket}/v1/guilds/${demo.guildId}/tickets/${ticketId}/claim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.adminToken()}` },
    });
    t.equal(claim.status, 200, 'claimed while the page was offline');

    await stack.startRealtime();
    await waitForStatus(staff.page, 'live');
    await list.locator('tr', { hasText: 'opened while the gateway was down' }).waitFor();
    await list.locator(`tr[data-ticket-id="${ticketId}"][data-status="claimed"]`).waitFor();
    t.pass('both changes made meanwhile are on the page, without a reload');
    await screenshot(staff.page, '11-live-again');
    await staff.context.close();
  },
);
