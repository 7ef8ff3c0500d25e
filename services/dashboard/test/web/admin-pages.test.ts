import t from 'tap';
import type { PublishedDraw } from '../../web/src/api/types.js';
import { checkDraw } from '../../web/src/giveaways/verify-draw.js';
import { expectVisible, launchChromium, newPerson, screenshot, signIn, waitForStatus } from './browser.js';
import { startWholeStack } from './whole-stack.js';

// Admin pages in a real browser: the settings form built from the module's schema shows the
// server's field error at the field and applies a good change (the bot uses it), the history shows
// the diff and rolls back; the panel editor sends to a channel from the bot's list and starts blank;
// a giveaway created from its form counts entrants live, ends, and its draw verifies in the browser.

const stack = await startWholeStack(t);
const browser = await launchChromium(t);
const { demo, discord } = stack;
const guildPath = `/g/${demo.guildId}`;
const { page } = await newPerson(browser);
await signIn(page, stack, stack.ownerId, `${guildPath}/settings/tickets`);
await waitForStatus(page, 'live');

t.test('settings – a bad value shows the field error; a good one is applied by the bot', async (t) => {
  const form = page.getByTestId('settings-form');
  const limit = form.locator('[data-field="/openLimitPerUser"] input');
  await limit.fill('0');
  await form.getByRole('button', { name: 'Save' }).click();
  const error = form.locator('[data-field="/openLimitPerUser"] [data-testid="field-error"]');
  await error.waitFor();
  t.match(await error.textContent(), /1|minimum|>=/, 'the minimum is named at the field');
  await screenshot(page, '06-settings-field-error');

  await limit.fill('5');
  await form.locator('[data-field="/welcomeMessage"] textarea').fill('Welcome from the dashboard, {user}!');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('toast').filter({ hasText: 'Saved' }).waitFor();
  t.equal(await error.count(), 0, 'the field error is gone');
  // The history shows the new version's diff.
  await page
    .getByTestId('settings-history')
    .locator('li', { hasText: 'Welcome from the dashboard' })
    .first()
    .waitFor();
  await screenshot(page, '07-settings-saved');

  // The bot applies it without a restart: a ticket opened from Discord gets the new welcome.
  await stack.openTicketFromDiscord(demo.userIds.bob, 'welcome check');
  const welcome = await discord.control.waitFor(
    () =>
      discord.control
        .threads(demo.ticketPanelChannelId)
        .flatMap((thread) => discord.control.messages(thread.id))
        .find((m) => m.content.includes('Welcome from the dashboard')),
    { timeoutMs: 30_000 },
  );
  t.match(welcome.content, `<@${demo.userIds.bob}>`, 'the bot used the new text');

  // Rolling back to the version before restores the old welcome in the form.
  const before = page.getByTestId('settings-history').locator('li[data-version="1"]');
  await before.getByRole('button', { name: 'Roll back to this version' }).click();
  await page.getByTestId('toast').filter({ hasText: 'Rolled back' }).waitFor();
  t.match(
    await form.locator('[data-field="/welcomeMessage"] textarea').inputValue(),
    /Thanks for reaching out/,
    'the form shows the restored settings',
  );
});

t.test('panels – save and send posts to the picked channel, then the form starts blank', async (t) => {
  await page.getByRole('link', { name: 'Panels' }).click();
  const form = page.getByTestId('panel-form');
  await form.waitFor();
  await form.locator('input[name="title"]').fill('Billing questions');
  await form.locator('textarea[name="description"]').fill('Press to talk to billing.');
  await form.locator('select[name="channelId"]').selectOption({ label: '#general' });
  await screenshot(page, '08-panel-form');
  await form.getByRole('button', { name: 'Save and send' }).click();
  const posted = await discord.control.waitForMessage(
    demo.generalChannelId,
    (m) => JSON.stringify(m.embeds).includes('Billing questions'),
    { timeoutMs: 30_000 },
  );
  t.ok(posted.components.length > 0, 'the bot posted the panel with its button');
  await page.getByTestId('toast').filter({ hasText: 'sent' }).waitFor();
  t.equal(await form.locator('input[name="title"]').inputValue(), '', 'the title is blank again');
  t.equal(await form.locator('select[name="channelId"]').inputValue(), '', 'no channel chosen');
  t.equal(await form.getByRole('heading').textContent(), 'New panel', 'the next panel is a new one');
  await page.getByTestId('panel-list').locator('tr', { hasText: 'Billing questions' }).waitFor();
  await screenshot(page, '09-panels');
});

t.test('giveaways – create, live entrant count, end, and the draw verified in the browser', async (t) => {
  await page.getByRole('link', { name: 'Giveaways' }).click();
  await page.getByRole('button', { name: 'New giveaway' }).click();
  const form = page.getByTestId('giveaway-form');
  await form.locator('input[name="prize"]').fill('Nitro Classic');
  await form.locator('input[name="winnerCount"]').fill('1');
  await form.locator('select[name="channelId"]').selectOption({ label: '#giveaways' });
  await form.getByRole('button', { name: 'Add a bonus' }).click();
  await form.getByLabel('Bonus role').selectOption({ label: '@Staff' });
  await form.getByLabel('Extra entries').fill('2');
  await screenshot(page, '12-giveaway-form', { fullPage: false });
  await form.getByRole('button', { name: 'Start giveaway' }).click();
  const view = page.getByTestId('giveaway');
  await expectVisible(page, view, 'giveaway-created');
  const giveawayId = new URL(page.url()).pathname.split('/').pop()!;
  t.equal(await view.getAttribute('data-status'), 'running');

  // Members enter (over HTTP, as the bot's Enter button does): the count rises on the open page.
  for (const userId of [demo.userIds.alice, demo.userIds.bob, demo.userIds.sam]) {
    const res = await fetch(
      `${stack.urls.giveaway}/v1/guilds/${demo.guildId}/giveaways/${giveawayId}/entry`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${stack.tokenFor(userId, 'member')}` },
      },
    );
    t.ok(res.ok, `entry answered ${res.status}`);
  }
  await page.locator('[data-testid="entrant-count"]', { hasText: /^3$/ }).waitFor();
  await screenshot(page, '13-giveaway-running');

  await view.getByRole('button', { name: 'End now' }).click();
  await expectVisible(page, page.locator('[data-testid="giveaway"][data-status="ended"]'), 'giveaway-ended');
  await page.getByTestId('winners').locator('li').first().waitFor();
  await page.getByRole('link', { name: 'Verify this draw' }).click();
  const verdict = page.getByTestId('verdict');
  await verdict.waitFor();
  t.match(await verdict.textContent(), /^VERIFIED/, 'the browser recomputed the same winners');
  await screenshot(page, '14-giveaway-verified');

  // The same check on the published draw, and on a tampered copy of it.
  const draw = (await (
    await fetch(`${stack.urls.giveaway}/v1/guilds/${demo.guildId}/giveaways/${giveawayId}/draw`)
  ).json()) as PublishedDraw;
  t.ok((await checkDraw(draw)).ok, 'the published draw verifies');
  const loser = draw.entries.map((e) => e.userId).find((id) => !draw.rounds[0]!.userIds.includes(id))!;
  const forged = { ...draw, rounds: [{ round: 1, userIds: [loser] }] };
  const check = await checkDraw(forged);
  t.notOk(check.ok, 'a forged winner is caught');
  t.match(check.problems.join(' '), /round 1/);
  const reseeded = await checkDraw({ ...draw, seed: 'a'.repeat(64) });
  t.match(reseeded.problems.join(' '), /commitment/, 'a changed seed is caught');
});
