import { ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { applyTicketDetailEvent, type TicketDetailState } from '../../src/index.js';
import { frame, ticket } from './fixtures.js';

const comment = (id: string) => ({ id, ticketId: 'a', authorId: '9', body: 'on it', createdAt: null });
const attachment = (id: string) => ({
  id,
  ticketId: 'a',
  name: 'log.txt',
  url: 'https://cdn/x',
  contentType: 'text/plain',
  size: 3,
  uploaderId: '7',
  createdAt: null,
});

t.test('ticket detail – a comment event replaces the ticket and appends the comment once', async (t) => {
  const page: TicketDetailState & { history: string[] } = {
    ticket: ticket('a', 1),
    comments: [],
    attachments: [],
    history: ['kept'],
  };
  const event = frame(ticketEvents.commentAdded, { ticket: ticket('a', 2), comment: comment('c1') });
  const next = applyTicketDetailEvent(page, event);
  t.equal(next.ticket.version, 2);
  t.same(
    next.comments.map((c) => c.id),
    ['c1'],
  );
  t.same(next.history, ['kept'], 'fields the event does not know are kept');
  t.equal(applyTicketDetailEvent(next, event), next, 'a replay changes nothing');
});

t.test('ticket detail – attachments are added and removed; other tickets are ignored', async (t) => {
  const page: TicketDetailState = { ticket: ticket('a', 1), comments: [], attachments: [attachment('x')] };
  const added = applyTicketDetailEvent(
    page,
    frame(ticketEvents.attachmentAdded, { ticket: ticket('a', 2), attachment: attachment('y') }),
  );
  t.same(
    added.attachments.map((a) => a.id),
    ['x', 'y'],
  );
  const removed = applyTicketDetailEvent(
    added,
    frame(ticketEvents.attachmentRemoved, { ticket: ticket('a', 3), attachmentId: 'x' }),
  );
  t.same(
    removed.attachments.map((a) => a.id),
    ['y'],
  );
  t.equal(applyTicketDetailEvent(removed, frame(ticketEvents.claimed, { ticket: ticket('b', 9) })), removed);
});
