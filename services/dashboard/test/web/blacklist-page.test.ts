import t from 'tap';
import { launchChromium, newPerson, screenshot, signIn, waitForStatus } from './browser.js';
import { startWholeStack } from './whole-stack.js';

// The blacklist page in a real browser on the whole stack: an entry added from the form shows up
// through its ticket.blacklist_added event, one added by another moderator (over the API) appears
// without a reload, a bad id is shown at the field, and the blacklisted member pressing the panel
// in Discord is told the reason; Remove takes the entry out, live.

const stack = await startWholeStack(t);
const browser = await launchChromium(t);
const { demo, discord } = stack;
const { page } = await newPerson(browser);
await signIn(page, stack, stack.ownerId, `/g/${demo.guildId}/blacklist`);
await waitForStatus(page, 'live');

t.test('blacklist page – add, see it live, refuse in Discord, remove', async (t) => {
  const form = page.getByTestId('blacklist-form');
  await form.waitFor();
  await form.locator('input[name="targetId"]').fill('12ab');
  await form.locator('textarea[name="reason"]').fill('spam');
  await form.getByRole('button', { name: 'Add to the blacklist' }).click();
  await form.locator('.field-error').waitFor();
  t.match(await form.locator('.field-error').textContent(), /pattern|match|Discord/i, 'the bad id is named');

  await form.locator('input[name="targetId"]').fill(demo.userIds.alice);
  await form.locator('textarea[name="reason"]').fill('Repeated spam tickets');
  await form.getByRole('button', { name: 'Add to the blacklist' }).click();
  const list = page.getByTestId('blacklist');
  const alice = list.locator(`tr[data-entry="user:${demo.userIds.alice}"]`);
  await alice.waitFor();
  t.match(await alice.textContent(), /Repeated spam tickets/);

  // Another moderator adds a role over the API: the open page shows it without a reload.
  const res = await fetch(
    `${stack.urls.ticket}/v1/guilds/${demo.guildId}/tickets/blacklist/roles/${demo.staffRoleId}`,
    {
      method: 'PUT',
      headers: {
        authorization: `Bearer ${stack.tokenFor(demo.userIds.sam, 'staff')}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ reason: 'Testing role entries' }),
    },
  );
  t.equal(res.status, 201);
  await list.locator(`tr[data-entry="role:${demo.staffRoleId}"]`).waitFor();
  await screenshot(page, '20-blacklist');

  // In Discord, Alice's press of the panel is answered with the reason, no form.
  const press = discord.control.pressButton({
    messageId: stack.panel.messageId,
    customId: stack.panel.customId,
    userId: demo.userIds.alice,
  });
  const answered = await discord.control.waitForInteractionResponse(press.id, { timeoutMs: 15_000 });
  t.equal(answered.callback?.type, 4, 'a message, not the form');
  t.match(JSON.stringify(answered.callback?.data), 'Reason: Repeated spam tickets');

  page.once('dialog', (dialog) => void dialog.accept());
  await alice.getByRole('button', { name: 'Remove' }).click();
  await alice.waitFor({ state: 'detached' });
  t.equal(await list.locator('tr[data-entry]').count(), 1, 'the role entry stays');
});
