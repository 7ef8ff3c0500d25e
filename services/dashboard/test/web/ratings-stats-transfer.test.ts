import t from 'tap';
import { expectVisible, launchChromium, newPerson, screenshot, signIn, waitForStatus } from './browser.js';
import { startWholeStack } from './whole-stack.js';

// The opener's rating on the ticket page (live, from ticket.feedback_submitted), the overview's team
// statistics over a date range (right figures for known tickets, none outside the range, a bad
// range explained), and the transfer of a claimed ticket from its page: to another staff member
// (the assignee changes on every open page) and, refused by the service, to a member who is not staff.

const stack = await startWholeStack(t);
const browser = await launchChromium(t);
const { demo } = stack;
const { alice, bob, sam } = demo.userIds;
const guildPath = `/g/${demo.guildId}`;
const ticketsUrl = `${stack.urls.ticket}/v1/guilds/${demo.guildId}/tickets`;
const as = (userId: string, role: 'admin' | 'staff' | 'member') => ({
  authorization: `Bearer ${stack.tokenFor(userId, role)}`,
  'content-type': 'application/json',
});

async function call(url: string, headers: Record<string, string>, body: object = {}): Promise<Response> {
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
}

async function must(res: Response, what: string, status = 200): Promise<{ id: string }> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`${what} answered ${res.status}: ${text}`);
  return (JSON.parse(text) as { ticket?: { id: string } }).ticket ?? (JSON.parse(text) as { id: string });
}

/** Alice's ticket, opened by the owner on her behalf. */
async function openForAlice(subject: string): Promise<string> {
  const opened = await call(ticketsUrl, as(stack.ownerId, 'admin'), { subject, openerId: alice });
  return (await must(opened, `open ${subject}`, 201)).id;
}

/** Sam claims and closes the ticket. */
async function claimAndClose(ticketId: string): Promise<void> {
  await must(await call(`${ticketsUrl}/${ticketId}/claim`, as(sam, 'staff')), 'claim');
  await must(await call(`${ticketsUrl}/${ticketId}/close`, as(sam, 'staff'), { reason: 'solved' }), 'close');
}

const rate = (ticketId: string, userId: string, body: object) =>
  call(`${ticketsUrl}/${ticketId}/feedback`, as(userId, 'member'), body);

// The guild asks openers to rate a closed ticket; dana is a second staff member (the Staff role).
const settingsUrl = `${stack.urls.config}/v1/guilds/${demo.guildId}/settings/tickets`;
const current = await fetch(settingsUrl, { headers: as(stack.ownerId, 'admin') });
const patched = await fetch(settingsUrl, {
  method: 'PATCH',
  headers: { ...as(stack.ownerId, 'admin'), 'if-match': String(current.headers.get('etag')) },
  body: JSON.stringify({ feedbackOnClose: true }),
});
if (patched.status !== 200) throw new Error(`settings answered ${patched.status}: ${await patched.text()}`);
const dana = stack.discord.control.createUser({ id: '1300000000000000199', username: 'dana' }).id;
stack.discord.control.addMember(demo.guildId, dana, { roles: [demo.staffRoleId] });

const staff = await newPerson(browser);
await signIn(staff.page, stack, sam, guildPath);
await waitForStatus(staff.page, 'live');
const rated = await openForAlice('rated four');
await claimAndClose(rated);

t.test('feedback – the opener’s rating and comment appear on the open ticket page, live', async (t) => {
  const { page } = staff;
  await page.goto(`${stack.urls.dashboard}${guildPath}/tickets/${rated}`);
  await page.locator('[data-testid="ticket-status"]', { hasText: 'closed' }).waitFor();
  await waitForStatus(page, 'live');
  t.equal(await page.getByTestId('ticket-rating').count(), 0, 'not rated yet');
  let navigations = 0;
  page.on('framenavigated', () => navigations++);

  t.equal((await rate(rated, sam, { rating: 5 })).status, 403, 'only the opener rates');
  await must(await rate(rated, alice, { rating: 4, comment: 'Quick and kind' }), 'feedback');
  const rating = page.getByTestId('ticket-rating');
  await expectVisible(page, rating, 'rating-live');
  t.match(await rating.textContent(), '★★★★☆ 4/5');
  t.equal(await page.getByTestId('feedback-comment').textContent(), 'Quick and kind');
  t.equal(navigations, 0, 'the page did not reload');
  t.equal((await rate(rated, alice, { rating: 1 })).status, 409, 'rated once only');
  await screenshot(page, '30-ticket-rated');
  page.removeAllListeners('framenavigated');
});

t.test('team statistics – figures for known tickets, an empty range, a bad range', async (t) => {
  const second = await openForAlice('rated two');
  await claimAndClose(second);
  await must(await rate(second, alice, { rating: 2 }), 'feedback');
  const { page } = staff;
  await page.goto(`${stack.urls.dashboard}${guildPath}`);
  const stats = page.getByTestId('team-stats');
  const samRow = stats.locator(`tr[data-staff-id="${sam}"]`);
  await expectVisible(page, samRow, 'staff-row');
  // Sam claimed and closed both; rated 4 and 2: 3 on average over two ratings.
  t.same(
    (await samRow.locator('td').allTextContents()).filter((_, i) => [0, 1, 2, 5].includes(i)),
    ['you', '2', '2', '3.00 (2)'],
  );
  const general = stats.locator('tr[data-category-id="default"]');
  t.same(
    (await general.locator('td').allTextContents()).filter((_, i) => [0, 1, 2, 5].includes(i)),
    ['General', '2', '2', '3.00 (2)'],
  );
  await screenshot(page, '31-team-stats');

  // January 2020: nothing happened then.
  await stats.getByLabel('From', { exact: true }).fill('2020-01-01');
  await stats.getByLabel('to', { exact: true }).fill('2020-01-31');
  await expectVisible(page, stats.getByTestId('team-stats-empty'), 'empty-range');
  t.equal(await stats.locator('tbody tr').count(), 0, 'no rows outside the range');

  // Reversed: the service's sentence, naming the field.
  await stats.getByLabel('From', { exact: true }).fill('2020-02-10');
  await expectVisible(page, stats.getByTestId('error'), 'reversed-range');
  t.match(await stats.getByTestId('error').textContent(), /from.*must be before to/);
  await screenshot(page, '32-team-stats-reversed');

  // A date cleared: asked for, not sent (and the page stays up).
  await stats.getByLabel('to', { exact: true }).fill('');
  await expectVisible(page, stats.getByTestId('team-stats-incomplete'), 'cleared-date');
  t.equal(await stats.getByTestId('error').count(), 0);
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
});

t.test('transfer – refused to a member who is not staff; to dana the assignee changes live', async (t) => {
  const ticketId = await openForAlice('hand me over');
  await must(await call(`${ticketsUrl}/${ticketId}/claim`, as(sam, 'staff')), 'claim');
  const { page } = staff;
  await page.goto(`${stack.urls.dashboard}${guildPath}/tickets/${ticketId}`);
  await page.locator('[data-testid="ticket-status"]', { hasText: 'claimed' }).waitFor();
  // The owner watches the same ticket in another browser.
  const owner = await newPerson(browser);
  await signIn(owner.page, stack, stack.ownerId, `${guildPath}/tickets/${ticketId}`);
  await waitForStatus(owner.page, 'live');
  const ownerAssignee = owner.page.getByTestId('ticket-assignee');
  t.equal(await ownerAssignee.textContent(), `@${sam.slice(-6)}`);

  const people = page.getByTestId('ticket-people');
  await people.locator('input[name="transferTo"]').fill(bob);
  await people.getByRole('button', { name: 'Transfer' }).click();
  await expectVisible(
    page,
    page.getByTestId('toast').filter({ hasText: `User ${bob} is not staff of this ticket` }),
    'transfer-not-staff',
  );
  t.equal(await page.getByTestId('ticket-assignee').textContent(), 'you', 'still sam’s');
  await screenshot(page, '33-transfer-refused');

  await people.locator('input[name="transferTo"]').fill(dana);
  await people.getByRole('button', { name: 'Transfer' }).click();
  await expectVisible(
    page,
    page.getByTestId('ticket-assignee').filter({ hasText: `@${dana.slice(-6)}` }),
    'transferred',
  );
  t.equal(await people.locator('input[name="transferTo"]').count(), 0, 'sam may transfer it no more');
  await expectVisible(
    owner.page,
    ownerAssignee.filter({ hasText: `@${dana.slice(-6)}` }),
    'transferred-on-the-other-page',
  );
  // The history, which no event carries, is read again after the event.
  await expectVisible(
    owner.page,
    owner.page.getByTestId('history').locator('li', { hasText: /transfer/ }),
    'transfer-in-history',
  );
  await screenshot(page, '34-transferred');
  await screenshot(owner.page, '35-transferred-owner');
  await owner.context.close();
});
