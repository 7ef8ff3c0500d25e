import { ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { applyTicketEvent } from '../../src/index.js';
import { frame, panel, ticket } from './fixtures.js';

t.test(
  'ticket list – an opened ticket joins at the top; a newer snapshot replaces the listed one',
  async (t) => {
    const list = [ticket('a', 2)];
    const opened = applyTicketEvent(list, frame(ticketEvents.opened, { ticket: ticket('b', 1) }));
    t.same(
      opened.map((x) => x.id),
      ['b', 'a'],
    );
    const claimed = ticket('a', 3, { assigneeId: '9' });
    const next = applyTicketEvent(opened, frame(ticketEvents.claimed, { ticket: claimed, claimerId: '9' }));
    t.equal(next[1], claimed);
    t.equal(next[1]?.assigneeId, '9');
  },
);

t.test('ticket list – a stale or replayed event, or another aggregate, returns the same list', async (t) => {
  const list = [ticket('a', 3)];
  t.equal(
    applyTicketEvent(list, frame(ticketEvents.claimed, { ticket: ticket('a', 3) })),
    list,
    'same version',
  );
  t.equal(applyTicketEvent(list, frame(ticketEvents.claimed, { ticket: ticket('a', 2) })), list, 'older');
  t.equal(
    applyTicketEvent(list, frame(ticketEvents.opened, { ticket: ticket('a', 1) })),
    list,
    'replayed open',
  );
  t.equal(applyTicketEvent(list, frame(ticketEvents.panelCreated, { panel: panel('p', 1) })), list, 'panel');
  t.equal(applyTicketEvent(list, { type: 'giveaway.drawn', data: {} }), list, 'unknown type');
  t.equal(
    applyTicketEvent(list, frame(ticketEvents.claimed, { ticket: ticket('z', 5) })),
    list,
    'not listed',
  );
});

t.test(
  'ticket list – with a filter, a ticket leaves when it stops matching and joins when it starts',
  async (t) => {
    const openOnly = { admit: (x: { status: string | null }) => x.status === 'open' };
    const list = [ticket('a', 1)];
    const closed = ticket('a', 2, { status: 3 });
    t.same(applyTicketEvent(list, frame(ticketEvents.closed, { ticket: closed }), openOnly), []);
    const reopened = ticket('b', 4);
    t.same(
      applyTicketEvent(list, frame(ticketEvents.reopened, { ticket: reopened }), openOnly).map((x) => x.id),
      ['b', 'a'],
    );
  },
);
