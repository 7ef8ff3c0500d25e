import t from 'tap';
import { expectVisible, launchChromium, newPerson, screenshot, signIn, waitForStatus } from './browser.js';
import { startWholeStack } from './whole-stack.js';

// Ticket categories in a real browser: the tickets settings form renders categories and their
// questions from the module schema (an added one gets its id when saved); staff open a ticket on a
// member's behalf in a category, answering its questions; the detail page shows the answers and
// moves the ticket (past the opener's limit: said so); the list filters by category; a category
// deleted from the settings reads as such.

const stack = await startWholeStack(t);
const browser = await launchChromium(t);
const { demo } = stack;
const guildPath = `/g/${demo.guildId}`;
const admin = { authorization: `Bearer ${stack.adminToken()}`, 'content-type': 'application/json' };
const settingsUrl = `${stack.urls.config}/v1/guilds/${demo.guildId}/settings/tickets`;

async function patchSettings(body: object): Promise<void> {
  const current = await fetch(settingsUrl, { headers: admin });
  const res = await fetch(settingsUrl, {
    method: 'PATCH',
    headers: { ...admin, 'if-match': String(current.headers.get('etag')) },
    body: JSON.stringify(body),
  });
  if (res.status !== 200) throw new Error(`settings answered ${res.status}: ${await res.text()}`);
}

const billing = {
  id: 'billing',
  name: 'Billing',
  questions: [
    { label: 'Order number', maxLength: 12 },
    { label: 'What happened?', style: 'paragraph', required: false },
  ],
};
await patchSettings({ categories: [billing, { id: 'bugs', name: 'Bugs', openLimitPerUser: 1 }] });
// Alice already has a Bugs ticket: Bugs' limit (1) is reached for her.
const opened = await fetch(`${stack.urls.ticket}/v1/guilds/${demo.guildId}/tickets`, {
  method: 'POST',
  headers: admin,
  body: JSON.stringify({ categoryId: 'bugs', subject: 'It crashes', openerId: demo.userIds.alice }),
});
if (opened.status !== 201) throw new Error(`open answered ${opened.status}: ${await opened.text()}`);

const { page } = await newPerson(browser);
await signIn(page, stack, stack.ownerId, `${guildPath}/settings/tickets`);
await waitForStatus(page, 'live');

t.test(
  'settings – categories and their questions render from the schema; a new one gets an id',
  async (t) => {
    const form = page.getByTestId('settings-form');
    t.equal(await form.locator('[data-field="/categories/0/name"] input').inputValue(), 'Billing');
    t.equal(
      await form.locator('[data-field="/categories/0/questions/1/style"] select').inputValue(),
      'paragraph',
    );
    t.equal(
      await form.locator('[data-field="/categories/0/questions/0/maxLength"] input').inputValue(),
      '12',
    );
    t.equal(
      await form.locator('[data-field="/categories/1/categoryId"] select').count(),
      1,
      'a category picker',
    );
    await form.locator('#field-categories > button.secondary', { hasText: 'Add' }).click();
    await form.locator('[data-field="/categories/2/name"] input').fill('Partner requests');
    await screenshot(page, '20-settings-categories', { fullPage: false });
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('toast').filter({ hasText: 'Saved' }).waitFor();
    await expectVisible(
      page,
      form.locator('[data-field="/categories/2/id"] input[value="partner-requests"]'),
      'generated-category-id',
    );
  },
);

t.test('open on behalf – the category’s questions; the detail shows the answers and moves it', async (t) => {
  await page.goto(`${stack.urls.dashboard}${guildPath}/tickets`);
  await page.getByRole('button', { name: 'Open a ticket' }).click();
  const form = page.getByTestId('open-ticket-form');
  await form.locator('select[name="categoryId"]').selectOption('billing');
  await form.locator('input[name="openerId"]').fill(demo.userIds.alice);
  await form.getByLabel('Order number').fill('A-1234');
  await form.getByLabel('What happened?').fill('Charged twice');
  t.equal(await form.locator('input[name="subject"]').count(), 0, 'questions instead of a subject');
  await form.getByRole('button', { name: 'Open' }).click();

  const ticket = page.getByTestId('ticket');
  await expectVisible(page, ticket, 'opened-ticket');
  t.match(await page.getByTestId('ticket-category-name').textContent(), 'Billing');
  const answers = page.getByTestId('ticket-answers');
  t.same(await answers.locator('dt').allTextContents(), ['Order number', 'What happened?']);
  t.same(await answers.locator('dd').allTextContents(), ['A-1234', 'Charged twice']);
  await screenshot(page, '21-ticket-answers');

  await page.locator('select[name="moveCategory"]').selectOption('bugs');
  await page.getByRole('button', { name: 'Move' }).click();
  await expectVisible(page, page.getByTestId('move-warning'), 'move-warning');
  t.match(
    await page.getByTestId('move-warning').textContent(),
    'the opener now has 2 open tickets in Bugs, over its limit of 1',
  );
  await page.getByTestId('ticket-category-name').filter({ hasText: 'Bugs' }).waitFor();
  await screenshot(page, '22-ticket-moved');

  // Members: bob is let in (the bot knows him), someone outside the guild is refused, bob leaves.
  const people = page.getByTestId('ticket-people');
  await people.locator('input[name="memberId"]').fill(demo.userIds.bob);
  await people.getByRole('button', { name: 'Add' }).click();
  await expectVisible(page, people.locator(`li[data-member-id="${demo.userIds.bob}"]`), 'member-added');
  await people.locator('input[name="memberId"]').fill('1399999999999999999');
  await people.getByRole('button', { name: 'Add' }).click();
  await expectVisible(
    page,
    page.getByTestId('toast').filter({ hasText: 'is not a member of this guild' }),
    'member-not-in-guild',
  );
  await screenshot(page, '23-ticket-members');
  await people
    .locator(`li[data-member-id="${demo.userIds.bob}"]`)
    .getByRole('button', { name: 'Remove' })
    .click();
  await expectVisible(page, people.getByTestId('no-members'), 'member-removed');
});

t.test('list – the category filter (in the URL) and a deleted category', async (t) => {
  await page.goto(`${stack.urls.dashboard}${guildPath}/tickets`);
  const list = page.getByTestId('ticket-list');
  await list.locator('tr', { hasText: 'It crashes' }).waitFor();
  await page.locator('select[name="category"]').selectOption('bugs');
  await page.waitForURL((url) => url.searchParams.get('category') === 'bugs');
  await list.locator('tr[data-category="bugs"]').nth(1).waitFor();
  t.equal(await list.locator('tbody tr:not([data-category="bugs"])').count(), 0, 'only Bugs tickets');

  // Bugs deleted from the settings: its tickets keep it and read "deleted category".
  await patchSettings({ categories: [billing] });
  await expectVisible(
    page,
    list.locator('tr', { hasText: 'bugs (deleted category)' }).first(),
    'deleted-category-row',
  );
  await screenshot(page, '23-tickets-deleted-category');
});

t.test('panels – a panel offering two categories is posted with a button each', async (t) => {
  await page.goto(`${stack.urls.dashboard}${guildPath}/panels`);
  const form = page.getByTestId('panel-form');
  await form.locator('input[name="title"]').fill('Billing or partners?');
  await form.locator('select[name="channelId"]').selectOption({ label: '#general' });
  await form.locator('select[name="categoryIds"]').selectOption(['default', 'billing']);
  await form.getByRole('button', { name: 'Save and send' }).click();
  const posted = await stack.discord.control.waitForMessage(
    demo.generalChannelId,
    (m) => JSON.stringify(m.embeds).includes('Billing or partners?'),
    { timeoutMs: 30_000 },
  );
  const buttons = (posted.components[0] as { components: Array<{ label: string }> }).components;
  t.same(
    buttons.map((b) => b.label),
    ['General', 'Billing'],
  );
});
