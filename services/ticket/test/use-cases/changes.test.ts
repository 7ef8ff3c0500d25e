import {
  CloseRequestStatus,
  TicketCloseCause,
  TicketPriority,
  TicketStatus,
  ticketEvents,
} from '@guildwire/contracts';
import t from 'tap';
import { as, freshGuild, ticketEnv } from '../fixtures.js';

t.test('claim – 50 concurrent claims have one winner; the others get 409 naming it', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  const { ticket } = await env.tickets.open(as.member(guild), { subject: 'race' });
  const outcomes = await Promise.allSettled(
    Array.from({ length: 50 }, (_, i) => env.tickets.claim(as.staff(guild, String(600 + i)), ticket.id)),
  );
  const winners = outcomes.filter(
    (o): o is PromiseFulfilledResult<Awaited<ReturnType<typeof env.tickets.claim>>> =>
      o.status === 'fulfilled',
  );
  t.equal(winners.length, 1, 'exactly one winner');
  const winner = winners[0]!.value.ticket.assigneeId;
  for (const o of outcomes) {
    if (o.status === 'rejected') {
      t.equal(o.reason.code, 'TICKET_ERR_ALREADY_CLAIMED');
      t.equal(o.reason.statusCode, 409);
      t.same(o.reason.details, { assigneeId: winner });
      t.match(o.reason.message, winner!);
    }
  }
  const claimed = await env.events.waitFor(ticketEvents.claimed, guild);
  t.equal(claimed.length, 1);
  t.equal(claimed[0]?.claimerId, winner);
  t.equal(claimed[0]?.meta?.aggregateVersion, 2);
  t.equal(claimed[0]?.ticket?.status, TicketStatus.CLAIMED);
});

t.test(
  'claim – a member cannot claim (403) and a claimed ticket re-claimed by its assignee changes nothing',
  async (t) => {
    const env = await ticketEnv(t);
    const guild = freshGuild();
    const { ticket } = await env.tickets.open(as.member(guild), { subject: 'x' });
    await t.rejects(env.tickets.claim(as.member(guild), ticket.id), {
      code: 'TICKET_ERR_FORBIDDEN',
      statusCode: 403,
    });
    await t.rejects(
      env.tickets.claim(as.member(guild, '3'), ticket.id),
      { code: 'TICKET_ERR_NOT_FOUND', statusCode: 404 },
      "another member's ticket answers like an unknown id",
    );
    const first = await env.tickets.claim(as.staff(guild, '7'), ticket.id);
    const again = await env.tickets.claim(as.staff(guild, '7'), ticket.id);
    t.equal(again.ticket.version, first.ticket.version);
    await t.rejects(env.tickets.claim(as.staff(guild), '0190a7c8-0000-7000-8000-000000000000'), {
      code: 'TICKET_ERR_NOT_FOUND',
      statusCode: 404,
    });
  },
);

t.test(
  'changes – every operation bumps the version and publishes its one event with the new version',
  async (t) => {
    const env = await ticketEnv(t);
    const guild = freshGuild();
    const staff = as.staff(guild, '500');
    const opener = as.member(guild, '100');
    const { ticket } = await env.tickets.open(opener, { subject: 'Lost items', description: 'bag' });
    const id = ticket.id;
    await env.tickets.claim(staff, id);
    await env.tickets.unclaim(staff, id);
    await env.tickets.assign(staff, id, '501');
    await env.tickets.setPriority(staff, id, 'urgent');
    await env.tickets.edit(staff, id, { subject: 'Lost bag', tags: ['lost'] });
    const commented = await env.tickets.comment(opener, id, 'still missing');
    const attached = await env.tickets.attach(opener, id, {
      name: 'bag.png',
      url: 'https://cdn.example/bag.png',
      contentType: 'image/png',
      size: 1234,
    });
    await env.tickets.detach(opener, id, attached.attachment!.id);
    await env.tickets.close(staff, id, 'found it');
    const reopened = await env.tickets.reopen(staff, id);
    t.equal(reopened.ticket.version, 11);
    const types = await env.events.waitForCount(guild, 11);
    t.same(types, [
      'ticket.opened',
      'ticket.claimed',
      'ticket.unclaimed',
      'ticket.assigned',
      'ticket.priority_changed',
      'ticket.updated',
      'ticket.comment_added',
      'ticket.attachment_added',
      'ticket.attachment_removed',
      'ticket.closed',
      'ticket.reopened',
    ]);
    const versions = env.events
      .ofGuild(guild)
      .map((e) => (e.message as { meta?: { aggregateVersion: number } }).meta?.aggregateVersion);
    t.same(versions, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    t.equal(env.events.of(ticketEvents.unclaimed, guild)[0]?.previousAssigneeId, '500');
    t.equal(env.events.of(ticketEvents.assigned, guild)[0]?.ticket?.assigneeId, '501');
    // Absent optional fields are unset, not '': an empty string reached dashboards as a present value.
    t.equal(env.events.of(ticketEvents.assigned, guild)[0]?.previousAssigneeId, undefined, 'no one before');
    const fresh = env.events.of(ticketEvents.opened, guild)[0]?.ticket;
    t.same(
      [fresh?.panelId, fresh?.assigneeId, fresh?.channelId, fresh?.closeReason, fresh?.closedBy],
      [undefined, undefined, undefined, undefined, undefined],
      'an opened ticket has no panel, assignee, channel or close fields',
    );
    const prio = env.events.of(ticketEvents.priorityChanged, guild)[0];
    t.equal(prio?.previousPriority, TicketPriority.NORMAL);
    t.equal(prio?.ticket?.priority, TicketPriority.URGENT);
    t.same(env.events.of(ticketEvents.updated, guild)[0]?.changedFields, ['subject', 'tags']);
    t.equal(env.events.of(ticketEvents.commentAdded, guild)[0]?.comment?.id, commented.comment!.id);
    t.equal(env.events.of(ticketEvents.commentAdded, guild)[0]?.comment?.body, 'still missing');
    t.equal(env.events.of(ticketEvents.attachmentAdded, guild)[0]?.attachment?.size, 1234n);
    t.equal(env.events.of(ticketEvents.attachmentRemoved, guild)[0]?.attachmentId, attached.attachment!.id);
    const closed = env.events.of(ticketEvents.closed, guild)[0];
    t.equal(closed?.cause, TicketCloseCause.MANUAL);
    t.equal(closed?.ticket?.closeReason, 'found it');
    t.equal(closed?.ticket?.closedBy, '500');
    t.equal(env.events.of(ticketEvents.reopened, guild)[0]?.ticket?.status, TicketStatus.OPEN);

    const details = await env.queries.get(staff, { id: id });
    t.equal(details.comments.length, 1);
    t.equal(details.attachments.length, 0);
    t.same(
      details.history.map((h) => [h.action, h.fromStatus, h.toStatus]),
      [
        ['opened', null, 'open'],
        ['claimed', 'open', 'claimed'],
        ['unclaimed', 'claimed', 'open'],
        ['assigned', 'open', 'claimed'],
        ['priority_changed', 'claimed', 'claimed'],
        ['updated', 'claimed', 'claimed'],
        ['comment_added', 'claimed', 'claimed'],
        ['attachment_added', 'claimed', 'claimed'],
        ['attachment_removed', 'claimed', 'claimed'],
        ['closed', 'claimed', 'closed'],
        ['reopened', 'closed', 'open'],
      ],
    );
    t.ok(details.ticket.firstResponseAt, 'the claim was the first response');
  },
);

t.test('changes – a stale expected version fails with 412 and changes nothing', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  const staff = as.staff(guild);
  const { ticket } = await env.tickets.open(as.member(guild), { subject: 'x' });
  await env.tickets.setPriority(staff, ticket.id, 'high', { expectedVersion: 1 });
  await t.rejects(env.tickets.edit(staff, ticket.id, { subject: 'y' }, { expectedVersion: 1 }), {
    code: 'GW_ERR_STALE_VERSION',
    statusCode: 412,
    details: { currentVersion: 2 },
  });
  const now = await env.queries.get(staff, { id: ticket.id });
  t.equal(now.ticket.subject, 'x');
  t.equal(now.ticket.version, 2);
});

t.test('changes – closed tickets refuse changes; members act only on their own tickets', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  const { ticket } = await env.tickets.open(as.member(guild, '1'), { subject: 'x' });
  // Another member's ticket answers 404 like an unknown id, so members cannot probe which ids exist.
  await t.rejects(env.tickets.comment(as.member(guild, '2'), ticket.id, 'hi'), {
    code: 'TICKET_ERR_NOT_FOUND',
    statusCode: 404,
  });
  await t.rejects(env.queries.get(as.member(guild, '2'), { id: ticket.id }), {
    code: 'TICKET_ERR_NOT_FOUND',
    statusCode: 404,
  });
  await t.rejects(env.tickets.setPriority(as.member(guild, '1'), ticket.id, 'urgent'), {
    code: 'TICKET_ERR_FORBIDDEN',
  });
  await env.tickets.close(as.member(guild, '1'), ticket.id, 'done');
  await t.rejects(env.tickets.comment(as.member(guild, '1'), ticket.id, 'hi'), {
    code: 'TICKET_ERR_CLOSED',
    statusCode: 409,
  });
  await t.rejects(env.tickets.claim(as.staff(guild), ticket.id), { code: 'TICKET_ERR_CLOSED' });
  const again = await env.tickets.close(as.member(guild, '1'), ticket.id, 'done');
  t.equal(again.ticket.version, 2, 'closing a closed ticket changes nothing');
  await t.rejects(env.tickets.unclaim(as.staff(guild), ticket.id), { code: 'TICKET_ERR_CLOSED' });
  await t.rejects(env.tickets.detach(as.staff(guild), ticket.id, '0190a7c8-0000-7000-8000-000000000000'), {
    code: 'TICKET_ERR_CLOSED',
  });
});

t.test('close requests – accept closes with its cause; decline keeps the ticket open', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  const staff = as.staff(guild, '500');
  const opener = as.member(guild, '100');
  const a = await env.tickets.open(opener, { subject: 'a' });
  const requested = await env.tickets.requestClose(staff, a.ticket.id, 'solved?', 3600_000);
  t.equal(requested.ticket.closeRequest?.status, 'pending');
  await t.rejects(env.tickets.requestClose(staff, a.ticket.id, 'again'), {
    code: 'TICKET_ERR_CLOSE_REQUEST_PENDING',
  });
  await t.rejects(env.tickets.answerCloseRequest(as.member(guild, '999'), a.ticket.id, true), {
    code: 'TICKET_ERR_NOT_FOUND',
  });
  const accepted = await env.tickets.answerCloseRequest(opener, a.ticket.id, true);
  t.equal(accepted.ticket.status, 'closed');
  t.equal(accepted.ticket.closeReason, 'solved?');

  const b = await env.tickets.open(opener, { subject: 'b' });
  await env.tickets.requestClose(staff, b.ticket.id, 'done?');
  const declined = await env.tickets.answerCloseRequest(opener, b.ticket.id, false);
  t.equal(declined.ticket.status, 'open');
  t.equal(declined.ticket.closeRequest, null);
  await t.rejects(env.tickets.answerCloseRequest(opener, b.ticket.id, true), {
    code: 'TICKET_ERR_NO_CLOSE_REQUEST',
  });

  const [requestedEvent] = await env.events.waitFor(ticketEvents.closeRequested, guild);
  t.equal(requestedEvent?.closeRequest?.status, CloseRequestStatus.PENDING);
  t.equal(requestedEvent?.ticket?.closeRequest?.reason, 'solved?');
  const [closed] = await env.events.waitFor(ticketEvents.closed, guild);
  t.equal(closed?.cause, TicketCloseCause.CLOSE_REQUEST_ACCEPTED);
  t.equal(closed?.closeRequest?.status, CloseRequestStatus.ACCEPTED);
  const [declinedEvent] = await env.events.waitFor(ticketEvents.closeRequestDeclined, guild);
  t.equal(declinedEvent?.closeRequest?.status, CloseRequestStatus.DECLINED);
  t.equal(declinedEvent?.ticket?.closeRequest, undefined);
  const rows = await env.db
    .selectFrom('close_requests')
    .select(['status', 'resolved_by'])
    .where('guild_id', '=', guild)
    .orderBy('created_at')
    .execute();
  t.same(rows, [
    { status: 'accepted', resolved_by: '100' },
    { status: 'declined', resolved_by: '100' },
  ]);
});

t.test(
  'changes – a retried claim with the same idempotency key replays without a second event',
  async (t) => {
    const env = await ticketEnv(t);
    const guild = freshGuild();
    const { ticket } = await env.tickets.open(as.member(guild), { subject: 'x' });
    const first = await env.tickets.comment(as.staff(guild), ticket.id, 'on it', { idempotencyKey: 'k1' });
    const again = await env.tickets.comment(as.staff(guild), ticket.id, 'on it', { idempotencyKey: 'k1' });
    t.equal(again.replayed, true);
    t.equal(again.comment?.id, first.comment?.id);
    t.ok(again.comment?.createdAt instanceof Date, 'dates survive the stored reply');
    const details = await env.queries.get(as.staff(guild), { id: ticket.id });
    t.equal(details.comments.length, 1);
  },
);
