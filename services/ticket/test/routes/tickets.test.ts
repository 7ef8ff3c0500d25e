import {
  type EventDef,
  type EventOf,
  TicketStatus,
  ticketEvents,
  toDashboardJson,
} from '@guildwire/contracts';
import t from 'tap';
import { freshGuild, ticketApp, tokenFor } from '../fixtures.js';

t.test(
  'http open – 201 with the ticket, ETag = version, and ticket.opened read back from JetStream',
  async (t) => {
    const { app, events } = await ticketApp(t);
    const guild = freshGuild();
    const res = await app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/tickets`,
      headers: tokenFor('101', { [guild]: 'member' }),
      payload: { subject: 'Cannot log in', description: 'since today', priority: 'high', tags: ['auth'] },
    });
    t.equal(res.statusCode, 201);
    const body = res.json();
    t.equal(body.ticket.number, 1);
    t.equal(body.ticket.status, 'open');
    t.equal(body.ticket.priority, 'high');
    t.equal(body.ticket.openerId, '101');
    t.equal(res.headers.etag, '"1"');
    const [opened] = await events.waitFor(ticketEvents.opened, guild);
    t.equal(opened?.ticket?.id, body.ticket.id);
    t.equal(opened?.meta?.actor?.id, '101');
    t.equal(
      opened?.meta?.correlationId,
      res.headers['x-correlation-id'],
      'the request correlation id rides on the event',
    );
  },
);

t.test('http open – one Idempotency-Key, two requests: one ticket and the same reply', async (t) => {
  const { app, db } = await ticketApp(t);
  const guild = freshGuild();
  const send = () =>
    app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/tickets`,
      headers: { ...tokenFor('5', { [guild]: 'member' }), 'idempotency-key': 'abc' },
      payload: { subject: 'once' },
    });
  const [a, b] = await Promise.all([send(), send()]);
  t.equal(a.statusCode, 201);
  t.equal(b.statusCode, 201);
  t.same(a.json().ticket, b.json().ticket);
  t.same(
    [a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].sort(),
    ['true', undefined].sort(),
  );
  const rows = await db.selectFrom('tickets').select('id').where('guild_id', '=', guild).execute();
  t.equal(rows.length, 1);
});

t.test(
  'http claim – 50 concurrent claims: one 200, 49 × 409 naming the winner, one ticket.claimed',
  async (t) => {
    const { app, events } = await ticketApp(t);
    const guild = freshGuild();
    const opened = await app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/tickets`,
      headers: tokenFor('1', { [guild]: 'member' }),
      payload: { subject: 'x' },
    });
    const id = opened.json().ticket.id;
    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        app.inject({
          method: 'POST',
          url: `/v1/guilds/${guild}/tickets/${id}/claim`,
          headers: tokenFor(String(700 + i), { [guild]: 'staff' }),
        }),
      ),
    );
    const ok = replies.filter((r) => r.statusCode === 200);
    t.equal(ok.length, 1);
    const winner = ok[0]!.json().ticket.assigneeId;
    const conflicts = replies.filter((r) => r.statusCode === 409);
    t.equal(conflicts.length, 49);
    for (const c of conflicts) {
      t.equal(c.json().error.code, 'TICKET_ERR_ALREADY_CLAIMED');
      t.same(c.json().error.details, { assigneeId: winner });
    }
    const claimed = await events.waitFor(ticketEvents.claimed, guild);
    t.equal(claimed[0]?.claimerId, winner);
    t.equal(claimed[0]?.ticket?.status, TicketStatus.CLAIMED);
  },
);

t.test('http edit – If-Match: missing 428, stale 412, current 200 with ticket.updated', async (t) => {
  const { app, events } = await ticketApp(t);
  const guild = freshGuild();
  const staff = tokenFor('9', { [guild]: 'staff' });
  const opened = await app.inject({
    method: 'POST',
    url: `/v1/guilds/${guild}/tickets`,
    headers: tokenFor('1', { [guild]: 'member' }),
    payload: { subject: 'old' },
  });
  const url = `/v1/guilds/${guild}/tickets/${opened.json().ticket.id}`;
  const missing = await app.inject({ method: 'PATCH', url, headers: staff, payload: { subject: 'new' } });
  t.equal(missing.statusCode, 428);
  t.equal(missing.json().error.code, 'GW_ERR_PRECONDITION_REQUIRED');
  const claim = await app.inject({
    method: 'POST',
    url: `${url}/claim`,
    headers: { ...staff, 'if-match': '"1"' },
  });
  t.equal(claim.statusCode, 200);
  t.equal(claim.headers.etag, '"2"');
  const stale = await app.inject({
    method: 'PATCH',
    url,
    headers: { ...staff, 'if-match': '"1"' },
    payload: { subject: 'new' },
  });
  t.equal(stale.statusCode, 412);
  t.equal(stale.json().error.code, 'GW_ERR_STALE_VERSION');
  t.same(stale.json().error.details, { currentVersion: 2 });
  const bad = await app.inject({
    method: 'PATCH',
    url,
    headers: { ...staff, 'if-match': 'yesterday' },
    payload: { subject: 'new' },
  });
  t.equal(bad.statusCode, 400);
  const ok = await app.inject({
    method: 'PATCH',
    url,
    headers: { ...staff, 'if-match': 'W/"2"' },
    payload: { subject: 'new', tags: ['a'] },
  });
  t.equal(ok.statusCode, 200);
  t.equal(ok.json().ticket.subject, 'new');
  t.equal(ok.json().ticket.version, 3);
  const [updated] = await events.waitFor(ticketEvents.updated, guild);
  t.same(updated?.changedFields, ['subject', 'tags']);
  t.equal(updated?.meta?.aggregateVersion, 3);
  const details = await app.inject({ method: 'GET', url, headers: staff });
  t.equal(details.headers.etag, '"3"');
  t.same(
    details.json().history.map((h: { action: string }) => h.action),
    ['opened', 'claimed', 'updated'],
  );
});

t.test('http actions – every route answers with the ticket and publishes its event', async (t) => {
  const { app, events } = await ticketApp(t);
  const guild = freshGuild();
  const staff = tokenFor('9', { [guild]: 'staff' });
  const opener = tokenFor('1', { [guild]: 'member' });
  const opened = await app.inject({
    method: 'POST',
    url: `/v1/guilds/${guild}/tickets`,
    headers: opener,
    payload: { subject: 'x' },
  });
  const url = `/v1/guilds/${guild}/tickets/${opened.json().ticket.id}`;
  const steps: Array<[string, string, Record<string, string>, object | undefined, number]> = [
    ['POST', 'claim', staff, undefined, 200],
    ['POST', 'unclaim', staff, undefined, 200],
    ['POST', 'assign', staff, { assigneeId: '10' }, 200],
    ['PUT', 'priority', staff, { priority: 'urgent' }, 200],
    ['POST', 'comments', opener, { body: 'hello' }, 201],
    [
      'POST',
      'attachments',
      opener,
      { name: 'log.txt', url: 'https://cdn.example/log.txt', contentType: 'text/plain', size: 12 },
      201,
    ],
    ['POST', 'close-request', staff, { reason: 'done?', timeoutSeconds: 3600 }, 200],
    ['POST', 'close-request/decline', opener, undefined, 200],
    ['POST', 'close', opener, { reason: 'fixed' }, 200],
    ['POST', 'reopen', staff, undefined, 200],
  ];
  let attachmentId = '';
  for (const [method, path, headers, payload, status] of steps) {
    const res = await app.inject({
      method: method as 'POST',
      url: `${url}/${path}`,
      headers,
      ...(payload ? { payload } : {}),
    });
    t.equal(res.statusCode, status, `${method} ${path}`);
    if (path === 'attachments') attachmentId = res.json().attachment.id;
  }
  const detach = await app.inject({
    method: 'DELETE',
    url: `${url}/attachments/${attachmentId}`,
    headers: opener,
  });
  t.equal(detach.statusCode, 200);
  t.equal(detach.json().ticket.version, 12);
  const types = await events.waitForCount(guild, 12);
  t.same(types, [
    'ticket.opened',
    'ticket.claimed',
    'ticket.unclaimed',
    'ticket.assigned',
    'ticket.priority_changed',
    'ticket.comment_added',
    'ticket.attachment_added',
    'ticket.close_requested',
    'ticket.close_request_declined',
    'ticket.closed',
    'ticket.reopened',
    'ticket.attachment_removed',
  ]);
  const details = (await app.inject({ method: 'GET', url, headers: opener })).json();
  t.equal(details.comments[0].body, 'hello');
  t.same(details.attachments, []);
});

// What the gateway sends as an event frame's data: the stream message in the dashboard dialect.
const frameData = <D extends EventDef>(def: D, message: EventOf<D> | undefined) =>
  JSON.parse(JSON.stringify(toDashboardJson(def.json, message as never))) as Record<string, unknown>;

t.test('http json – a ticket over HTTP and in its stream event are the same JSON', async (t) => {
  const { app, events } = await ticketApp(t);
  const guild = freshGuild();
  const staff = tokenFor('9', { [guild]: 'staff' });
  const opened = await app.inject({
    method: 'POST',
    url: `/v1/guilds/${guild}/tickets`,
    headers: tokenFor('1', { [guild]: 'member' }),
    payload: { subject: 'Refund', tags: ['vip'] },
  });
  const reply = opened.json();
  t.strictSame(reply.comment, null, 'a reply names comment even when the write made none');
  t.strictSame(reply.attachment, null);
  const ticket = reply.ticket;
  for (const field of ['panelId', 'assigneeId', 'channelId', 'closeReason', 'closedBy', 'closeRequest'])
    t.strictSame(ticket[field], null, `absent ${field} is null, not missing or ''`);
  const [openedEvent] = await events.waitFor(ticketEvents.opened, guild);
  t.strictSame(ticket, frameData(ticketEvents.opened, openedEvent).ticket, 'open reply = ticket.opened');

  const url = `/v1/guilds/${guild}/tickets/${ticket.id}`;
  t.equal((await app.inject({ method: 'POST', url: `${url}/claim`, headers: staff })).statusCode, 200);
  const [claimed] = await events.waitFor(ticketEvents.claimed, guild);
  const afterClaim = (await app.inject({ method: 'GET', url, headers: staff })).json().ticket;
  t.equal(afterClaim.assigneeId, '9');
  t.strictSame(
    afterClaim,
    frameData(ticketEvents.claimed, claimed).ticket,
    'GET after claim = ticket.claimed',
  );

  const request = await app.inject({
    method: 'POST',
    url: `${url}/close-request`,
    headers: staff,
    payload: { reason: 'done?', timeoutSeconds: 3600 },
  });
  t.equal(request.statusCode, 200);
  const [requested] = await events.waitFor(ticketEvents.closeRequested, guild);
  const listed = (
    await app.inject({ method: 'GET', url: `/v1/guilds/${guild}/tickets`, headers: staff })
  ).json();
  const event = frameData(ticketEvents.closeRequested, requested);
  t.strictSame(listed.items, [event.ticket], 'a listed ticket = ticket.close_requested');
  t.strictSame(request.json().ticket, event.ticket, 'the write reply = ticket.close_requested');
  t.match(listed.items[0].closeRequest, {
    ticketId: ticket.id,
    requesterId: '9',
    reason: 'done?',
    status: 'pending',
    resolvedAt: null,
    resolvedBy: null,
  });
});

t.test(
  'http permissions – no token 401, another guild 403, member acting as staff 403, others’ tickets 404',
  async (t) => {
    const { app } = await ticketApp(t);
    const guild = freshGuild();
    const other = freshGuild();
    const opened = await app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/tickets`,
      headers: tokenFor('1', { [guild]: 'member' }),
      payload: { subject: 'x' },
    });
    const url = `/v1/guilds/${guild}/tickets/${opened.json().ticket.id}`;
    const cases: Array<[string, string, Record<string, string>, number, string]> = [
      ['GET', url, {}, 401, 'GW_ERR_UNAUTHORIZED'],
      ['GET', url, tokenFor('9', { [other]: 'admin' }), 403, 'GW_ERR_FORBIDDEN'],
      ['POST', `${url}/claim`, tokenFor('1', { [guild]: 'member' }), 403, 'GW_ERR_FORBIDDEN'],
      // Another member's ticket answers like an unknown id: members cannot probe which ids exist.
      ['GET', url, tokenFor('2', { [guild]: 'member' }), 404, 'TICKET_ERR_NOT_FOUND'],
      ['POST', `${url}/comments`, tokenFor('2', { [guild]: 'member' }), 404, 'TICKET_ERR_NOT_FOUND'],
      [
        'GET',
        `/v1/guilds/${guild}/tickets/stats`,
        tokenFor('1', { [guild]: 'member' }),
        403,
        'GW_ERR_FORBIDDEN',
      ],
      ['POST', `/v1/guilds/${guild}/panels`, tokenFor('9', { [guild]: 'staff' }), 403, 'GW_ERR_FORBIDDEN'],
    ];
    for (const [method, target, headers, status, code] of cases) {
      const payload = target.endsWith('comments')
        ? { body: 'hi' }
        : target.endsWith('panels')
          ? { title: 'p' }
          : undefined;
      const res = await app.inject({
        method: method as 'GET',
        url: target,
        headers,
        ...(payload ? { payload } : {}),
      });
      t.equal(res.statusCode, status, `${method} ${target}`);
      t.equal(res.json().error.code, code, `${method} ${target}`);
    }
  },
);

t.test(
  'http input – malformed fields, types, sizes and unknown ids are 4xx with the common error shape',
  async (t) => {
    const { app } = await ticketApp(t);
    const guild = freshGuild();
    const member = tokenFor('1', { [guild]: 'member' });
    const base = `/v1/guilds/${guild}/tickets`;
    const post = (payload: unknown, url = base, headers = member) =>
      app.inject({
        method: 'POST',
        url,
        headers: { ...headers, 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
    const cases: Array<[string, Awaited<ReturnType<typeof post>>, number, string | undefined]> = [
      ['missing subject', await post({ description: 'x' }), 400, '/subject'],
      ['subject too long', await post({ subject: 'x'.repeat(101) }), 400, '/subject'],
      ['priority of the wrong type', await post({ subject: 'x', priority: 3 }), 400, '/priority'],
      ['unknown priority', await post({ subject: 'x', priority: 'asap' }), 400, '/priority'],
      [
        'too many tags',
        await post({ subject: 'x', tags: Array.from({ length: 11 }, (_, i) => `t${i}`) }),
        400,
        '/tags',
      ],
      ['panel id not a uuid', await post({ subject: 'x', panelId: 'nope' }), 400, '/panelId'],
      [
        'body larger than the limit',
        await post({ subject: 'x', description: 'y'.repeat(1_100_000) }),
        413,
        undefined,
      ],
    ];
    for (const [what, res, status, field] of cases) {
      t.equal(res.statusCode, status, what);
      const body = res.json();
      t.type(body.error.code, 'string', what);
      t.type(body.error.message, 'string', what);
      if (field)
        t.ok(
          body.error.details.some((d: { field: string }) => d.field.startsWith(field)),
          `${what}: names ${field}`,
        );
    }
    // A property the schema does not declare is refused, not silently dropped (strict-input.test.ts has every route).
    const extra = await post({ subject: 'x', colour: 'red' });
    t.equal(extra.statusCode, 400);
    t.equal(extra.json().error.details[0].field, '/colour');
    const unknownTicket = await app.inject({
      method: 'GET',
      url: `${base}/0190a7c8-0000-7000-8000-000000000000`,
      headers: member,
    });
    t.equal(unknownTicket.statusCode, 404);
    t.equal(unknownTicket.json().error.code, 'TICKET_ERR_NOT_FOUND');
    const badId = await app.inject({ method: 'GET', url: `${base}/123`, headers: member });
    t.equal(badId.statusCode, 400);
    t.equal(badId.json().error.details[0].field, '/ticketId');
    const badGuild = await app.inject({ method: 'GET', url: '/v1/guilds/abc/tickets', headers: member });
    t.equal(badGuild.statusCode, 403, 'a guild id no token can grant');
    const staff = tokenFor('9', { [guild]: 'staff' });
    const opened = await post({ subject: 'x' });
    const url = `${base}/${opened.json().ticket.id}`;
    const badAttachment = await post(
      { name: 'a', url: 'javascript:alert(1)', contentType: 'text/plain', size: -1 },
      `${url}/attachments`,
    );
    t.equal(badAttachment.statusCode, 400);
    t.same(
      badAttachment
        .json()
        .error.details.map((d: { field: string }) => d.field)
        .sort(),
      ['/size', '/url'].sort(),
    );
    const unknownAttachment = await app.inject({
      method: 'DELETE',
      url: `${url}/attachments/0190a7c8-0000-7000-8000-000000000000`,
      headers: staff,
    });
    t.equal(unknownAttachment.statusCode, 404);
    t.equal(unknownAttachment.json().error.code, 'TICKET_ERR_ATTACHMENT_NOT_FOUND');
    const emptyComment = await post({ body: '' }, `${url}/comments`);
    t.equal(emptyComment.statusCode, 400);
    const badCursor = await app.inject({ method: 'GET', url: `${base}?cursor=zzz`, headers: member });
    t.equal(badCursor.statusCode, 400);
    t.equal(badCursor.json().error.details[0].field, '/cursor');
  },
);
