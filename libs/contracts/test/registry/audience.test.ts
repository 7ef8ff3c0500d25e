import t from 'tap';
import {
  audienceAdmits,
  createMessage,
  roleAtLeast,
  TicketOpenedSchema,
  ticketEvents,
} from '../../src/index.js';

t.test('audience – ticket events go to staff, admins and the opener only', async (t) => {
  const event = createMessage(TicketOpenedSchema, { ticket: { id: 't1', openerId: '100' } });
  const { audience } = ticketEvents.opened;
  t.ok(audienceAdmits(audience, event, 'staff', '1'));
  t.ok(audienceAdmits(audience, event, 'admin', '1'));
  t.ok(audienceAdmits(audience, event, 'member', '100'), 'the opener sees their ticket');
  t.notOk(audienceAdmits(audience, event, 'member', '101'), 'another member does not');
  const noOpener = createMessage(TicketOpenedSchema, { ticket: { id: 't1', openerId: '' } });
  t.notOk(audienceAdmits(audience, noOpener, 'member', ''), 'an empty opener admits nobody');
});

t.test('audience – roles are ordered member < staff < admin', async (t) => {
  t.ok(roleAtLeast('admin', 'staff'));
  t.ok(roleAtLeast('staff', 'staff'));
  t.notOk(roleAtLeast('member', 'staff'));
  t.notOk(roleAtLeast('staff', 'admin'));
});
