import t from 'tap';
import { customId, parseCustomId } from '../../src/interactions/custom-ids.js';

t.test('custom ids – round trip, and anything else is not ours', async (t) => {
  const ticketId = '0190c1d2-0000-7000-8000-000000000001';
  t.same(parseCustomId(customId('ticket-claim', ticketId)), { action: 'ticket-claim', id: ticketId });
  t.same(parseCustomId(customId('ticket-open', 'p1', '1234567890123456789')), {
    action: 'ticket-open',
    id: 'p1',
    extra: '1234567890123456789',
  });
  t.ok(customId('ticket-open', ticketId, '1234567890123456789').length <= 100, "within Discord's 100");
  t.same(parseCustomId(customId('giveaway-enter', ticketId)), { action: 'giveaway-enter', id: ticketId });
  t.same(parseCustomId(`gw:giveaway-leave:${ticketId}`), { action: 'giveaway-leave', id: ticketId });
  for (const raw of [
    'legacy:open',
    'gw:unknown:1',
    'gw:giveaway-join:1',
    'gw:ticket-claim:',
    'gw:ticket-claim:a:b:c:d',
    'gw:ticket-claim:a b',
  ])
    t.equal(parseCustomId(raw), undefined, raw);
  t.throws(() => customId('ticket-claim', 'a:b'));
  // A category's form: panel, press and a category id of the longest kind still fit in 100.
  const form = customId('ticket-form', ticketId, '12345678901234567890', 'abcdefghijklmnopqrstuvwx');
  t.equal(form.length, 97);
  t.same(parseCustomId(form), {
    action: 'ticket-form',
    id: ticketId,
    extra: '12345678901234567890',
    third: 'abcdefghijklmnopqrstuvwx',
  });
  t.same(parseCustomId(customId('ticket-category', ticketId, 'billing')), {
    action: 'ticket-category',
    id: ticketId,
    extra: 'billing',
  });
});
