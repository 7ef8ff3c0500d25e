import { TicketStatus, ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { as, freshGuild, ticketEnv } from '../fixtures.js';

const on = { feedbackOnClose: true };

/** A ticket opened by member 100, claimed by staff 500 and closed; its id. */
async function closedTicket(env: Awaited<ReturnType<typeof ticketEnv>>, guild: string) {
  const { ticket } = await env.tickets.open(as.member(guild), { subject: 'help' });
  await env.tickets.claim(as.staff(guild), ticket.id);
  await env.tickets.close(as.staff(guild), ticket.id, 'solved');
  return ticket.id;
}

t.test('feedback – the opener rates a closed ticket; the event carries rating and rated staff', async (t) => {
  const env = await ticketEnv(t, { settings: on });
  const guild = freshGuild();
  const id = await closedTicket(env, guild);
  const { ticket } = await env.tickets.feedback(as.member(guild), id, { rating: 4, comment: '  quick!  ' });
  t.equal(ticket.version, 4);
  t.same(
    { ...ticket.feedback, submittedAt: undefined },
    { rating: 4, comment: 'quick!', staffId: '500', submittedAt: undefined },
  );
  const [event] = await env.events.waitFor(ticketEvents.feedbackSubmitted, guild);
  t.equal(event?.feedback?.rating, 4);
  t.equal(event?.feedback?.comment, 'quick!');
  t.equal(event?.feedback?.staffId, '500');
  t.equal(event?.ticket?.feedback?.rating, 4, 'the snapshot carries it too');
  t.equal(event?.ticket?.status, TicketStatus.CLOSED);
  t.equal(event?.meta?.aggregateVersion, 4);
  const blank = await closedTicket(env, guild);
  const noComment = await env.tickets.feedback(as.member(guild), blank, { rating: 1, comment: '   ' });
  t.equal(noComment.ticket.feedback?.comment, null, 'a blank comment is no comment');
});

t.test('feedback – only the opener, only closed, only once, only when the guild asks', async (t) => {
  const env = await ticketEnv(t, { settings: on });
  const guild = freshGuild();
  const id = await closedTicket(env, guild);
  await t.rejects(env.tickets.feedback(as.staff(guild), id, { rating: 5 }), {
    code: 'TICKET_ERR_NOT_OPENER',
    statusCode: 403,
  });
  await t.rejects(
    env.tickets.feedback(as.member(guild, '101'), id, { rating: 5 }),
    { code: 'TICKET_ERR_NOT_OPENER', statusCode: 403 },
    'another member is told why, not 404',
  );
  const { ticket: open } = await env.tickets.open(as.member(guild), { subject: 'still open' });
  await t.rejects(env.tickets.feedback(as.member(guild), open.id, { rating: 3 }), {
    code: 'TICKET_ERR_NOT_CLOSED',
    statusCode: 409,
  });
  await env.tickets.feedback(as.member(guild), id, { rating: 2 });
  await t.rejects(env.tickets.feedback(as.member(guild), id, { rating: 5 }), {
    code: 'TICKET_ERR_FEEDBACK_EXISTS',
    statusCode: 409,
  });
  await env.tickets.reopen(as.member(guild), id);
  await env.tickets.close(as.member(guild), id, 'again');
  await t.rejects(
    env.tickets.feedback(as.member(guild), id, { rating: 5 }),
    { code: 'TICKET_ERR_FEEDBACK_EXISTS' },
    'once per ticket, also after a reopen and a second close',
  );
  const after = await env.tickets.feedback(as.member(guild), id, { rating: 5 }).catch(() => undefined);
  t.equal(after, undefined);
  const kept = await env.queries.get(as.member(guild), { id });
  t.equal(kept.ticket.feedback?.rating, 2, 'the first rating stays');

  const off = await ticketEnv(t, { settings: { feedbackOnClose: false }, db: env.db, bus: env.bus });
  const other = freshGuild();
  const { ticket } = await off.tickets.open(as.member(other), { subject: 'x' });
  await off.tickets.close(as.member(other), ticket.id, '');
  await t.rejects(off.tickets.feedback(as.member(other), ticket.id, { rating: 5 }), {
    code: 'TICKET_ERR_FEEDBACK_OFF',
    statusCode: 409,
  });
});

t.test('feedback – 20 concurrent submissions store one rating and publish one event', async (t) => {
  const env = await ticketEnv(t, { settings: on });
  const guild = freshGuild();
  const id = await closedTicket(env, guild);
  const outcomes = await Promise.allSettled(
    Array.from({ length: 20 }, (_, i) =>
      env.tickets.feedback(as.member(guild), id, { rating: (i % 5) + 1, comment: `try ${i}` }),
    ),
  );
  const won = outcomes.filter((o) => o.status === 'fulfilled');
  t.equal(won.length, 1, 'exactly one submission is taken');
  for (const o of outcomes) if (o.status === 'rejected') t.equal(o.reason.code, 'TICKET_ERR_FEEDBACK_EXISTS');
  const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof env.tickets.feedback>>>).value;
  const row = await env.db
    .selectFrom('tickets')
    .select(['feedback_rating', 'feedback_comment'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  t.same(row, {
    feedback_rating: winner.ticket.feedback?.rating,
    feedback_comment: winner.ticket.feedback?.comment,
  });
  // A later change as a marker: once its event arrived, every event before it has too.
  await env.tickets.reopen(as.member(guild), id);
  const types = await env.events.waitForCount(guild, 5);
  t.same(
    types.map((type) => type.replace('ticket.', '')),
    ['opened', 'claimed', 'closed', 'feedback_submitted', 'reopened'],
  );
});
