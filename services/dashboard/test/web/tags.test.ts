import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { expectVisible, launchChromium, newPerson, screenshot, signIn, waitForStatus } from './browser.js';
import { startWholeStack } from './whole-stack.js';

// Tags in a real browser: an admin writes one on the tags page (a taken name shows the server's
// 409 sentence), and staff insert it from the reply box's picker into a ticket's Discord channel.

const stack = await startWholeStack(t);
const browser = await launchChromium(t);
const { demo, discord } = stack;
const guildPath = `/g/${demo.guildId}`;
const api = `${stack.urls.ticket}/v1/guilds/${demo.guildId}`;
const admin = () => ({ authorization: `Bearer ${stack.adminToken()}`, 'content-type': 'application/json' });

t.test('tags – admins create and edit them; a taken name says so; staff insert one in a reply', async (t) => {
  const owner = await newPerson(browser);
  await signIn(owner.page, stack, stack.ownerId, `${guildPath}/tags`);
  await waitForStatus(owner.page, 'live');
  const form = owner.page.getByTestId('tag-form');
  await form.locator('input[name="name"]').fill('Refund');
  await form.locator('textarea[name="content"]').fill('Refunds take 5 business days.');
  await form.locator('input[name="keywords"]').fill('refund, money back');
  await form.getByRole('button', { name: 'Save' }).click();
  const row = owner.page.locator('[data-tag-name="refund"]');
  await expectVisible(owner.page, row, 'the new tag in the list');
  t.match(await row.textContent(), /refund, money back/);

  await form.locator('input[name="name"]').fill('REFUND');
  await form.locator('textarea[name="content"]').fill('again');
  await form.getByRole('button', { name: 'Save' }).click();
  const taken = owner.page.getByText('A tag named "refund" already exists');
  await expectVisible(owner.page, taken, 'the 409 sentence');
  await screenshot(owner.page, '40-tags-name-taken');
  await form.getByRole('button', { name: 'Clear' }).click();

  await row.getByRole('button', { name: 'Edit' }).click();
  await form.locator('textarea[name="content"]').fill('Refunds take 3 business days.');
  await form.getByRole('button', { name: 'Save' }).click();
  await expectVisible(owner.page, row.getByText('Refunds take 3 business days.'), 'the edited content');
  await owner.context.close();

  // Staff in a ticket: the picker puts the tag's text in the box; sent, it is posted in Discord.
  await stack.openTicketFromDiscord(demo.userIds.alice, 'tag picker ticket');
  const ticket = await waitUntil('the ticket with its channel', async () => {
    const res = await fetch(`${api}/tickets?q=${encodeURIComponent('tag picker ticket')}`, {
      headers: admin(),
    });
    const found = ((await res.json()) as { items: { id: string; channelId: string | null }[] }).items[0];
    return found?.channelId ? { id: found.id, channelId: found.channelId } : undefined;
  });
  const staff = await newPerson(browser);
  await signIn(staff.page, stack, demo.userIds.sam, `${guildPath}/tickets/${ticket.id}`);
  await waitForStatus(staff.page, 'live');
  const box = staff.page.getByTestId('reply-box');
  const picker = box.getByTestId('tag-picker');
  await expectVisible(staff.page, picker, 'the tag picker');
  const [tag] = (await (await fetch(`${api}/tickets/tags`, { headers: admin() })).json()) as { id: string }[];
  await picker.selectOption(tag!.id);
  t.equal(await box.locator('textarea').inputValue(), 'Refunds take 3 business days.');
  await box.getByRole('button', { name: 'Send' }).click();
  const posted = await discord.control.waitForMessage(
    ticket.channelId,
    (m) => m.content === 'Refunds take 3 business days.',
    { timeoutMs: 20_000 },
  );
  t.ok(posted, 'posted in the ticket');
  await screenshot(staff.page, '41-tags-picker');
  await staff.context.close();

  // The opener sees no picker (tags are staff's).
  const opener = await newPerson(browser);
  await signIn(opener.page, stack, demo.userIds.alice, `${guildPath}/tickets/${ticket.id}`);
  await waitForStatus(opener.page, 'live');
  await expectVisible(opener.page, opener.page.getByTestId('reply-box'), "the opener's reply box");
  t.equal(await opener.page.getByTestId('tag-picker').count(), 0, 'no picker for the opener');
  await opener.context.close();
});
