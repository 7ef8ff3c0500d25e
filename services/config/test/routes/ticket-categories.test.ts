import {
  configEvents,
  resolveTicketCategory,
  settingsModules,
  type TicketsSettings,
} from '@guildwire/contracts';
import t from 'tap';
import { configApp, freshGuild, tokenFor } from '../fixtures.js';

const json = { 'content-type': 'application/json' };
const role = '111111111111111111';
const category = '611111111111111111';
const overflow = '611111111111111112';

t.test(
  'ticket categories – ids are made from names, defaults filled in, the event carries them',
  async (t) => {
    const { app, events } = await configApp(t);
    const guild = freshGuild();
    const admin = { ...tokenFor('900', { [guild]: 'admin' }), ...json };
    const url = `/v1/guilds/${guild}/settings/tickets`;
    const put = await app.inject({
      method: 'PUT',
      url,
      headers: { ...admin, 'if-match': '"0"' },
      payload: {
        supportRoleIds: [role],
        categories: [
          {
            name: 'Billing & refunds!',
            emoji: '💳',
            categoryId: category,
            overflowCategoryIds: [overflow],
            openLimitPerUser: 1,
            channelMode: 'channel',
            questions: [
              { label: 'Order number', maxLength: 20 },
              { label: 'What happened?', style: 'paragraph', required: false },
            ],
          },
          { name: 'Billing & refunds' },
          { name: 'Default' },
          { id: 'bugs', name: '🐛' },
          { name: '!!!' },
        ],
      },
    });
    t.equal(put.statusCode, 200, put.body);
    const settings = put.json().settings.settings as TicketsSettings;
    t.same(
      settings.categories.map((c) => c.id),
      ['billing-refunds', 'billing-refunds-2', 'default-2', 'bugs', 'category'],
      'slugs, unique, never "default", a given id kept, a name without letters gets "category"',
    );
    t.same(settings.categories[0]!.questions, [
      { label: 'Order number', style: 'short', required: true, placeholder: '', minLength: 0, maxLength: 20 },
      {
        label: 'What happened?',
        style: 'paragraph',
        required: false,
        placeholder: '',
        minLength: 0,
        maxLength: 1000,
      },
    ]);
    t.equal(settings.categories[1]!.openLimitPerUser, 3, 'a category left bare gets the declared defaults');
    t.equal(settings.defaultCategoryName, 'General');

    const billing = resolveTicketCategory(settings, 'billing-refunds')!;
    t.same(billing.discordCategoryIds, [category, overflow]);
    t.same(billing.supportRoleIds, [role], "the module's support roles see every category");
    t.equal(billing.welcomeMessage, settingsModules.tickets.defaults.welcomeMessage, "empty: the module's");
    t.equal(resolveTicketCategory(settings, 'default')!.name, 'General');
    t.equal(resolveTicketCategory(settings, 'gone'), undefined);

    const [event] = await events.waitFor(configEvents.updated, guild, 1);
    t.same(
      (event!.settings!.settings as unknown as TicketsSettings).categories.map((c) => c.id),
      settings.categories.map((c) => c.id),
      'the stored (and published) version holds the ids made',
    );

    // Renaming keeps the id: the admin sends the category back with it.
    const renamed = await app.inject({
      method: 'PATCH',
      url,
      headers: { ...admin, 'if-match': '"1"' },
      payload: { categories: [{ ...settings.categories[0], name: 'Payments' }] },
    });
    t.equal(renamed.statusCode, 200, renamed.body);
    t.same(
      renamed.json().settings.settings.categories.map((c: { id: string; name: string }) => [c.id, c.name]),
      [['billing-refunds', 'Payments']],
    );
  },
);

t.test('ticket categories – every bad field named by its JSON pointer, at once', async (t) => {
  const { app } = await configApp(t);
  const guild = freshGuild();
  const admin = { ...tokenFor('900', { [guild]: 'admin' }), ...json };
  const put = (categories: object[]) =>
    app.inject({
      method: 'PUT',
      url: `/v1/guilds/${guild}/settings/tickets`,
      headers: { ...admin, 'if-match': '"0"' },
      payload: { categories },
    });
  const fieldsOf = (res: Awaited<ReturnType<typeof put>>) =>
    Object.fromEntries(
      (res.json().error.details as Array<{ field: string; message: string }>).map((d) => [
        d.field,
        d.message,
      ]),
    );

  const schemaErrors = await put([
    {
      id: 'Not A Slug',
      name: '',
      categoryId: '12',
      channelMode: 'forum',
      questions: [
        { label: 'x'.repeat(46), style: 'long', maxLength: 4001 },
        { label: 'fine' },
        { label: 'fine 2' },
        { label: 'fine 3' },
        { label: 'fine 4' },
        { label: 'one too many' },
      ],
    },
    { openLimitPerUser: 0 },
  ]);
  t.equal(schemaErrors.statusCode, 400);
  t.equal(schemaErrors.json().error.code, 'GW_ERR_VALIDATION');
  t.match(fieldsOf(schemaErrors), {
    '/categories/0/id': String,
    '/categories/0/name': /fewer than 1 characters/,
    '/categories/0/categoryId': 'must be a Discord id (17 to 20 digits)',
    '/categories/0/channelMode': 'must be one of thread, channel',
    '/categories/0/questions': /more than 5 items/,
    '/categories/0/questions/0/label': /more than 45 characters/,
    '/categories/0/questions/0/style': 'must be one of short, paragraph',
    '/categories/0/questions/0/maxLength': 'must be <= 4000',
    '/categories/1/name': 'is required',
    '/categories/1/openLimitPerUser': 'must be >= 1',
  });

  const ruleErrors = await put([
    {
      id: 'billing',
      name: 'Billing',
      emoji: '<:broken>',
      categoryId: category,
      overflowCategoryIds: [category],
    },
    { id: 'billing', name: 'Billing again' },
    { id: 'default', name: 'Mine' },
    {
      name: 'Form',
      questions: [{ label: 'Order', minLength: 50, maxLength: 10 }, { label: ' order ' }],
    },
  ]);
  t.equal(ruleErrors.statusCode, 400);
  t.same(fieldsOf(ruleErrors), {
    '/categories/0/overflowCategoryIds': 'must not repeat categoryId',
    '/categories/0/emoji': 'must be an emoji or a custom emoji as <:name:id>',
    '/categories/1/id': 'must be unique (category 0 has it)',
    '/categories/2/id': 'is reserved for the default category',
    '/categories/3/questions/0/minLength': 'must not be more than maxLength',
    '/categories/3/questions/1/label': 'must differ from the other questions',
  });

  const tooMany = await put(Array.from({ length: 26 }, (_, i) => ({ name: `C${i}` })));
  t.equal(tooMany.statusCode, 400);
  t.match(fieldsOf(tooMany), { '/categories': /more than 25 items/ });
});
