import { ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { defaultTicketSettings, type TicketSettings } from '../../src/domain/settings.js';
import { freshGuild, ticketApp, ticketCategory, tokenFor } from '../fixtures.js';

const billing = ticketCategory({
  id: 'billing',
  name: 'Billing',
  openLimitPerUser: 1,
  questions: [
    { label: 'Order number', style: 'short', required: true, placeholder: '', minLength: 3, maxLength: 12 },
    {
      label: 'What happened?',
      style: 'paragraph',
      required: false,
      placeholder: '',
      minLength: 0,
      maxLength: 500,
    },
  ],
});
const bugs = ticketCategory({ id: 'bugs', name: 'Bugs' });
const withCategories: Partial<TicketSettings> = { categories: [billing, bugs] };

/** Settings the test changes while the service runs (the config service's events, in short). */
function liveSettings(initial: Partial<TicketSettings>) {
  let current: TicketSettings = { ...defaultTicketSettings, ...initial };
  return {
    source: { forGuild: async () => current },
    set: (next: Partial<TicketSettings>) => {
      current = { ...defaultTicketSettings, ...next };
    },
  };
}

type App = Awaited<ReturnType<typeof ticketApp>>['app'];
const open = (app: App, guild: string, user: string, payload: object, role = 'member' as const) =>
  app.inject({
    method: 'POST',
    url: `/v1/guilds/${guild}/tickets`,
    headers: tokenFor(user, { [guild]: role }),
    payload,
  });
const move = (
  app: App,
  guild: string,
  ticketId: string,
  categoryId: string,
  role: 'staff' | 'member' = 'staff',
) =>
  app.inject({
    method: 'POST',
    url: `/v1/guilds/${guild}/tickets/${ticketId}/move`,
    headers: tokenFor(role === 'staff' ? '500' : '101', { [guild]: role }),
    payload: { categoryId },
  });
const details = (res: { json(): { error: { details: unknown } } }) => res.json().error.details;

t.test(
  'categories – an open names its category; answers stored in the form’s order and in the event',
  async (t) => {
    const { app, events } = await ticketApp(t, { settings: withCategories });
    const guild = freshGuild();
    const res = await open(app, guild, '101', {
      categoryId: 'billing',
      answers: [
        { label: 'What happened?', value: 'Charged twice\nfor one order' },
        { label: 'Order number', value: '  A-1234 ' },
      ],
    });
    t.equal(res.statusCode, 201, res.body);
    const ticket = res.json().ticket;
    t.equal(ticket.categoryId, 'billing');
    t.same(ticket.answers, [
      { label: 'Order number', value: 'A-1234' },
      { label: 'What happened?', value: 'Charged twice\nfor one order' },
    ]);
    t.equal(ticket.subject, 'A-1234', 'no subject given: the first answer');
    const [opened] = await events.waitFor(ticketEvents.opened, guild);
    t.equal(opened?.ticket?.categoryId, 'billing');
    t.same(
      opened?.ticket?.answers.map((a) => [a.label, a.value]),
      [
        ['Order number', 'A-1234'],
        ['What happened?', 'Charged twice\nfor one order'],
      ],
    );

    const plain = await open(app, guild, '102', { subject: 'Hello' });
    t.equal(plain.statusCode, 201);
    t.equal(plain.json().ticket.categoryId, 'default', 'no category: the default one');
    t.same(plain.json().ticket.answers, []);
    const optionalLeftOut = await open(app, guild, '103', {
      categoryId: 'billing',
      subject: 'My subject',
      answers: [{ label: 'Order number', value: 'B-99' }],
    });
    t.equal(optionalLeftOut.statusCode, 201);
    t.equal(optionalLeftOut.json().ticket.subject, 'My subject');
    t.same(optionalLeftOut.json().ticket.answers[1], { label: 'What happened?', value: '' });
  },
);

t.test('categories – bad answers and unknown categories are 400s naming the question or field', async (t) => {
  const { app, db } = await ticketApp(t, { settings: withCategories });
  const guild = freshGuild();
  const missing = await open(app, guild, '101', {
    categoryId: 'billing',
    answers: [{ label: 'What happened?', value: 'no order number given' }],
  });
  t.equal(missing.statusCode, 400);
  t.equal(missing.json().error.code, 'GW_ERR_VALIDATION');
  t.same(details(missing), [{ field: '/answers', message: '"Order number" is required' }]);
  t.match(missing.json().error.message, /Order number/);

  const blank = await open(app, guild, '101', {
    categoryId: 'billing',
    answers: [{ label: 'Order number', value: '   ' }],
  });
  t.same(details(blank), [{ field: '/answers', message: '"Order number" is required' }], 'blank is missing');

  const tooLong = await open(app, guild, '101', {
    categoryId: 'billing',
    answers: [
      { label: 'What happened?', value: 'x'.repeat(501) },
      { label: 'Order number', value: 'A-1234567890123' },
    ],
  });
  t.equal(tooLong.statusCode, 400);
  t.same(details(tooLong), [
    { field: '/answers/1/value', message: '"Order number" must be at most 12 characters' },
    { field: '/answers/0/value', message: '"What happened?" must be at most 500 characters' },
  ]);
  const tooShort = await open(app, guild, '101', {
    categoryId: 'billing',
    answers: [{ label: 'Order number', value: 'A1' }],
  });
  t.same(details(tooShort), [
    { field: '/answers/0/value', message: '"Order number" must be at least 3 characters' },
  ]);
  const unknownQuestion = await open(app, guild, '101', {
    categoryId: 'billing',
    answers: [
      { label: 'Order number', value: 'A-1' },
      { label: 'Favourite colour', value: 'blue' },
    ],
  });
  t.same(details(unknownQuestion), [
    { field: '/answers/1/label', message: '"Favourite colour" is not a question of category "Billing"' },
  ]);
  const overDiscordLimit = await open(app, guild, '101', {
    categoryId: 'billing',
    answers: [{ label: 'Order number', value: 'x'.repeat(4001) }],
  });
  t.equal(overDiscordLimit.statusCode, 400, "an answer past Discord's 4000 is refused by the schema");

  const unknownCategory = await open(app, guild, '101', { categoryId: 'refunds', subject: 'Hi' });
  t.equal(unknownCategory.statusCode, 400);
  t.same(details(unknownCategory), [
    { field: '/categoryId', message: 'no ticket category "refunds" in this guild\'s settings' },
  ]);
  const noSubject = await open(app, guild, '101', { categoryId: 'bugs' });
  t.same(details(noSubject), [{ field: '/subject', message: 'is required' }], 'no questions: a subject');
  const answersWithoutQuestions = await open(app, guild, '101', {
    subject: 'Hi',
    answers: [{ label: 'Order number', value: 'A-1' }],
  });
  t.same(details(answersWithoutQuestions), [
    { field: '/answers', message: 'category "General" asks no questions' },
  ]);

  const count = await db.selectFrom('tickets').select('id').where('guild_id', '=', guild).execute();
  t.equal(count.length, 0, 'nothing opened');
});

t.test('categories – the open limit counts per category', async (t) => {
  const { app } = await ticketApp(t, { settings: { ...withCategories, openLimitPerUser: 1 } });
  const guild = freshGuild();
  const answers = [{ label: 'Order number', value: 'A-1' }];
  t.equal((await open(app, guild, '101', { categoryId: 'billing', answers })).statusCode, 201);
  const second = await open(app, guild, '101', { categoryId: 'billing', answers });
  t.equal(second.statusCode, 409);
  t.equal(second.json().error.code, 'TICKET_ERR_OPEN_LIMIT');
  t.same(second.json().error.details, { limit: 1, active: 1, categoryId: 'billing' });
  t.equal((await open(app, guild, '101', { subject: 'default' })).statusCode, 201, 'another category');
  t.equal((await open(app, guild, '101', { categoryId: 'bugs', subject: 'bug' })).statusCode, 201);
  t.equal(
    (await open(app, guild, '102', { categoryId: 'billing', answers })).statusCode,
    201,
    'another member',
  );
});

t.test(
  'categories – staff move a ticket; past the limit it moves and says so; the slot follows',
  async (t) => {
    const { app, events } = await ticketApp(t, { settings: withCategories });
    const guild = freshGuild();
    const inBilling = await open(app, guild, '101', {
      categoryId: 'billing',
      answers: [{ label: 'Order number', value: 'A-1' }],
    });
    const general = (await open(app, guild, '101', { subject: 'Refund please' })).json().ticket;

    t.equal(
      (await move(app, guild, general.id, 'billing', 'member')).statusCode,
      403,
      'members may not move',
    );
    const unknown = await move(app, guild, general.id, 'refunds');
    t.equal(unknown.statusCode, 400);
    t.same(details(unknown), [
      { field: '/categoryId', message: 'no ticket category "refunds" in this guild\'s settings' },
    ]);

    const moved = await move(app, guild, general.id, 'billing');
    t.equal(moved.statusCode, 200, moved.body);
    t.equal(moved.json().ticket.categoryId, 'billing');
    t.equal(moved.json().ticket.version, 2);
    t.same(moved.json().overLimit, { categoryId: 'billing', active: 2, limit: 1 }, 'said so');
    const [event] = await events.waitFor(ticketEvents.moved, guild);
    t.equal(event?.previousCategoryId, 'default');
    t.equal(event?.ticket?.categoryId, 'billing');
    t.same(
      { ...event?.overLimit },
      { $typeName: 'guildwire.ticket.v1.OpenLimitExceeded', categoryId: 'billing', active: 2, limit: 1 },
    );

    const again = await move(app, guild, general.id, 'billing');
    t.equal(again.json().ticket.version, 2, 'into the category it is in: nothing changes');
    t.equal(again.json().overLimit, null);

    // Billing now counts two for the opener; closing one frees one slot, the limit (1) is still reached.
    await app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/tickets/${inBilling.json().ticket.id}/close`,
      headers: tokenFor('500', { [guild]: 'staff' }),
      payload: {},
    });
    const blocked = await open(app, guild, '101', {
      categoryId: 'billing',
      answers: [{ label: 'Order number', value: 'A-2' }],
    });
    t.equal(blocked.statusCode, 409, 'the moved ticket holds a billing slot');
    const back = await move(app, guild, general.id, 'bugs');
    t.equal(back.json().overLimit, null, 'within the limit: no flag');
    const now = await open(app, guild, '101', {
      categoryId: 'billing',
      answers: [{ label: 'Order number', value: 'A-3' }],
    });
    t.equal(now.statusCode, 201, 'moved out: its billing slot is free again');

    const closed = await move(app, guild, inBilling.json().ticket.id, 'bugs');
    t.equal(closed.statusCode, 409, 'a closed ticket stays where it closed');
    t.equal(closed.json().error.code, 'TICKET_ERR_CLOSED');
  },
);

t.test(
  'categories – a deleted category: tickets keep it, nobody opens into it, staff move out',
  async (t) => {
    const settings = liveSettings(withCategories);
    const { app } = await ticketApp(t, { settingsSource: settings.source });
    const guild = freshGuild();
    const ticket = (await open(app, guild, '101', { categoryId: 'bugs', subject: 'Crash on start' })).json()
      .ticket;
    settings.set({ categories: [billing] });

    const read = await app.inject({
      method: 'GET',
      url: `/v1/guilds/${guild}/tickets/${ticket.id}`,
      headers: tokenFor('500', { [guild]: 'staff' }),
    });
    t.equal(read.json().ticket.categoryId, 'bugs', 'keeps the id of its deleted category');
    const refused = await open(app, guild, '102', { categoryId: 'bugs', subject: 'Another crash' });
    t.equal(refused.statusCode, 400);
    t.same(details(refused), [
      { field: '/categoryId', message: 'no ticket category "bugs" in this guild\'s settings' },
    ]);
    const out = await move(app, guild, ticket.id, 'default');
    t.equal(out.statusCode, 200, out.body);
    t.equal(out.json().ticket.categoryId, 'default');
    t.equal((await move(app, guild, ticket.id, 'bugs')).statusCode, 400, 'and not back in');
  },
);

t.test('categories – lists filter by category; the text search reads the answers', async (t) => {
  const { app } = await ticketApp(t, { settings: withCategories });
  const guild = freshGuild();
  await open(app, guild, '101', {
    categoryId: 'billing',
    answers: [
      { label: 'Order number', value: 'ZX-9981' },
      { label: 'What happened?', value: 'The invoice shows 100% VAT' },
    ],
  });
  await open(app, guild, '102', { categoryId: 'bugs', subject: 'Crash' });
  await open(app, guild, '103', { subject: 'Hello' });
  const list = (query: string) =>
    app.inject({
      method: 'GET',
      url: `/v1/guilds/${guild}/tickets?${query}`,
      headers: tokenFor('500', { [guild]: 'staff' }),
    });
  const subjects = async (query: string) =>
    (await list(query)).json().items.map((i: { subject: string }) => i.subject);
  t.same(await subjects('categoryId=bugs'), ['Crash']);
  t.same(await subjects('categoryId=default'), ['Hello']);
  t.same(await subjects('q=invoice'), ['ZX-9981'], 'an answer matches');
  t.same(await subjects('q=100%25'), ['ZX-9981'], 'LIKE characters are literal');
  t.same(await subjects('q=zx-99'), ['ZX-9981']);
  t.same(await subjects('categoryId=bugs&q=invoice'), []);
  t.equal((await list('categoryId=Not%20A%20Slug')).statusCode, 400);
});

t.test(
  'categories – panels offer categories the settings have; an open from a panel stays within them',
  async (t) => {
    const { app } = await ticketApp(t, { settings: withCategories });
    const guild = freshGuild();
    const admin = tokenFor('900', { [guild]: 'admin' });
    const bad = await app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/panels`,
      headers: admin,
      payload: { title: 'Help', categoryIds: ['bugs', 'refunds', 'bugs'] },
    });
    t.equal(bad.statusCode, 400);
    t.same(details(bad), [
      { field: '/categoryIds/1', message: 'no ticket category "refunds" in this guild\'s settings' },
      { field: '/categoryIds/2', message: 'lists "bugs" twice' },
    ]);
    const panel = await app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/panels`,
      headers: admin,
      payload: { title: 'Help', categoryIds: ['bugs', 'default'] },
    });
    t.equal(panel.statusCode, 201, panel.body);
    t.same(panel.json().categoryIds, ['bugs', 'default']);
    const panelId = panel.json().id;

    const first = await open(app, guild, '101', { panelId, subject: 'From the panel' });
    t.equal(first.json().ticket.categoryId, 'bugs', "no category: the panel's first");
    const chosen = await open(app, guild, '101', { panelId, categoryId: 'default', subject: 'General one' });
    t.equal(chosen.json().ticket.categoryId, 'default');
    const notOffered = await open(app, guild, '101', {
      panelId,
      categoryId: 'billing',
      answers: [{ label: 'Order number', value: 'A-1' }],
    });
    t.equal(notOffered.statusCode, 400);
    t.same(details(notOffered), [
      { field: '/categoryId', message: `panel ${panelId} does not offer category "billing"` },
    ]);

    const edited = await app.inject({
      method: 'PATCH',
      url: `/v1/guilds/${guild}/panels/${panelId}`,
      headers: { ...admin, 'if-match': '"1"' },
      payload: { categoryIds: ['billing'] },
    });
    t.equal(edited.statusCode, 200, edited.body);
    t.same(edited.json().categoryIds, ['billing']);
  },
);

t.test(
  'categories – GET …/categories lists them with their forms; support roles for staff only',
  async (t) => {
    const role = '111111111111111111';
    const { app } = await ticketApp(t, {
      settings: { supportRoleIds: [role], defaultCategoryName: 'Anything else', categories: [billing, bugs] },
    });
    const guild = freshGuild();
    const read = (as: 'member' | 'staff') =>
      app.inject({
        method: 'GET',
        url: `/v1/guilds/${guild}/categories`,
        headers: tokenFor(as === 'staff' ? '500' : '101', { [guild]: as }),
      });
    const member = await read('member');
    t.equal(member.statusCode, 200);
    const items = member.json().items;
    t.same(
      items.map((c: { id: string; name: string }) => [c.id, c.name]),
      [
        ['default', 'Anything else'],
        ['billing', 'Billing'],
        ['bugs', 'Bugs'],
      ],
    );
    t.same(
      items[1].questions.map((q: { label: string }) => q.label),
      ['Order number', 'What happened?'],
    );
    t.same(items[1].supportRoleIds, [], 'members do not see who the staff are');
    t.same((await read('staff')).json().items[1].supportRoleIds, [role]);
    const stranger = await app.inject({
      method: 'GET',
      url: `/v1/guilds/${guild}/categories`,
      headers: tokenFor('101', { '999999': 'member' }),
    });
    t.equal(stranger.statusCode, 403);
  },
);

t.test(
  'categories – the sealed transcript keeps the category and the form’s answers, escaped in HTML',
  async (t) => {
    const { app } = await ticketApp(t, { settings: withCategories });
    const guild = freshGuild();
    const opened = await open(app, guild, '101', {
      categoryId: 'billing',
      answers: [
        { label: 'Order number', value: 'A-<b>1' },
        { label: 'What happened?', value: '' },
      ],
    });
    t.equal(opened.statusCode, 201, opened.body);
    const url = `/v1/guilds/${guild}/tickets/${opened.json().ticket.id}`;
    const staff = tokenFor('500', { [guild]: 'staff' });
    const closed = await app.inject({ method: 'POST', url: `${url}/close`, headers: staff, payload: {} });
    t.equal(closed.statusCode, 200, closed.body);
    const json = await app.inject({ method: 'GET', url: `${url}/transcript.json`, headers: staff });
    t.equal(json.headers['transcript-sealed'], 'true');
    const sealed = json.json().ticket;
    t.equal(sealed.categoryId, 'billing');
    t.same(sealed.answers, [
      { label: 'Order number', value: 'A-<b>1' },
      { label: 'What happened?', value: '' },
    ]);
    const html = await app.inject({ method: 'GET', url: `${url}/transcript.html`, headers: staff });
    t.match(html.body, /<dt>Order number<\/dt><dd>A-&lt;b&gt;1<\/dd>/, 'answers shown, escaped');
    t.match(html.body, /<dt>What happened\?<\/dt><dd><i>\(no answer\)<\/i><\/dd>/, 'a blank answer says so');
    t.equal(sealed.categoryName, 'Billing');
    t.match(html.body, /category: Billing/);
  },
);
