import {
  resolveTicketCategory,
  TicketCategorySchema,
  type TicketsSettings,
  ticketCategories,
  ticketsModule,
} from '@guildwire/contracts';
import t from 'tap';
import Value from 'typebox/value';
import { emojiOf, panelComponents } from '../../src/effects/panel-components.js';
import { answersOf, categoryModal } from '../../src/interactions/category-form.js';
import { categoryChoices, categoryNamed } from '../../src/interactions/ticket-category-interactions.js';

type Category = TicketsSettings['categories'][number];
const category = (fields: Partial<Category> & { id: string; name: string }) =>
  Value.Default(TicketCategorySchema, structuredClone(fields)) as Category;
const settings: TicketsSettings = {
  ...ticketsModule.defaults,
  categories: [
    category({ id: 'billing', name: 'Billing', emoji: '<:coin:123456789012345678>' }),
    category({ id: 'bugs', name: 'Bug reports', emoji: '🐛' }),
  ],
} as TicketsSettings;

t.test('categories – /ticket move finds a category by id or name; autocomplete lists matches', async (t) => {
  t.equal(categoryNamed(settings, 'billing')?.id, 'billing');
  t.equal(categoryNamed(settings, '  Bug Reports ')?.id, 'bugs');
  t.equal(categoryNamed(settings, 'general')?.id, 'default', 'the default category by its name');
  t.equal(categoryNamed(settings, 'bug'), undefined, 'no prefix guessing');
  t.same(categoryChoices(settings, ''), [
    { name: 'General', value: 'default' },
    { name: '<:coin:123456789012345678> Billing', value: 'billing' },
    { name: '🐛 Bug reports', value: 'bugs' },
  ]);
  t.same(categoryChoices(settings, 'BUG'), [{ name: '🐛 Bug reports', value: 'bugs' }]);
  const many = {
    ...settings,
    categories: Array.from({ length: 25 }, (_, i) => category({ id: `c${i}`, name: `C${i}` })),
  } as TicketsSettings;
  t.equal(categoryChoices(many, '').length, 25, "at most Discord's 25 choices");
});

t.test('categories – panel components: buttons up to five, then a menu; custom emojis by id', async (t) => {
  t.same(emojiOf('<a:party:123456789012345678>'), {
    id: '123456789012345678',
    name: 'party',
    animated: true,
  });
  t.same(emojiOf('🎫'), { name: '🎫' });
  t.equal(emojiOf(''), undefined);
  const panel = { id: '0190c1d2-0000-7000-8000-000000000001', buttonLabel: 'Open a ticket' } as never;
  const all = ticketCategories(settings);
  const buttons = panelComponents(panel, all)[0]!.components;
  t.same(
    buttons.map((b) => (b as { label: string }).label),
    ['General', 'Billing', 'Bug reports'],
  );
  const one = panelComponents(panel, [all[0]!])[0]!.components;
  t.equal((one[0] as { label: string }).label, 'Open a ticket', "one category: the panel's own label");
  const six = Array.from({ length: 6 }, () => all[1]!);
  const menu = panelComponents(panel, six)[0]!.components;
  t.equal(menu.length, 1);
  t.equal(menu[0]!.type, 3);
});

t.test('categories – a form modal: one input per question, answers read back by label', async (t) => {
  const form = resolveTicketCategory(
    {
      ...settings,
      categories: [
        category({
          id: 'form',
          name: 'A category with a name longer than forty-five characters',
          questions: [
            { label: 'Order', style: 'short', required: true, placeholder: '', minLength: 2, maxLength: 10 },
            {
              label: 'More',
              style: 'paragraph',
              required: false,
              placeholder: 'details',
              minLength: 0,
              maxLength: 4000,
            },
          ],
        }),
      ],
    } as TicketsSettings,
    'form',
  )!;
  const modal = categoryModal('0190c1d2-0000-7000-8000-000000000001', '1234567890123456789', form);
  t.equal(modal.title.length, 45, "the title cut to Discord's 45");
  t.same(
    modal.components.map(
      (r) => (r as unknown as { components: Array<Record<string, unknown>> }).components[0],
    ),
    [
      {
        type: 4,
        custom_id: 'a:Order',
        label: 'Order',
        style: 1,
        required: true,
        min_length: 2,
        max_length: 10,
      },
      {
        type: 4,
        custom_id: 'a:More',
        label: 'More',
        style: 2,
        required: false,
        max_length: 4000,
        placeholder: 'details',
      },
    ],
  );
  t.same(answersOf(form, new Map([['a:Order', 'A-1']])), [
    { label: 'Order', value: 'A-1' },
    { label: 'More', value: '' },
  ]);
});
