import { TicketBlacklistKind, ticketEvents, toDashboardJson } from '@guildwire/contracts';
import t from 'tap';
import { freshGuild, streamCount, ticketApp, tokenFor } from '../fixtures.js';

t.test('http blacklist – add, re-add, list, remove, each change one event', async (t) => {
  const { app, bus, events } = await ticketApp(t);
  const guild = freshGuild();
  const staff = tokenFor('50', { [guild]: 'staff' });
  const base = `/v1/guilds/${guild}/tickets/blacklist`;

  const added = await app.inject({
    method: 'PUT',
    url: `${base}/users/7001`,
    headers: staff,
    payload: { reason: 'spam' },
  });
  t.equal(added.statusCode, 201, 'a new entry is created');
  t.match(added.json(), {
    guildId: guild,
    kind: 'user',
    targetId: '7001',
    reason: 'spam',
    addedBy: '50',
    version: 1,
  });
  const role = await app.inject({
    method: 'PUT',
    url: `${base}/roles/8001`,
    headers: tokenFor('90', { [guild]: 'admin' }),
    payload: { reason: 'muted role' },
  });
  t.equal(role.statusCode, 201, 'admins may add too');
  t.equal(role.json().kind, 'role');

  const same = await app.inject({
    method: 'PUT',
    url: `${base}/users/7001`,
    headers: staff,
    payload: { reason: 'spam' },
  });
  t.equal(same.statusCode, 200, 'the same entry again: 200, nothing changes');
  t.equal(same.json().version, 1);
  const replaced = await app.inject({
    method: 'PUT',
    url: `${base}/users/7001`,
    headers: staff,
    payload: { reason: 'spam, again' },
  });
  t.equal(replaced.statusCode, 200);
  t.match(replaced.json(), { reason: 'spam, again', version: 2 });

  const list = await app.inject({ method: 'GET', url: base, headers: staff });
  t.equal(list.statusCode, 200);
  t.same(
    list
      .json()
      .map((e: { kind: string; targetId: string; reason: string }) => [e.kind, e.targetId, e.reason]),
    [
      ['user', '7001', 'spam, again'],
      ['role', '8001', 'muted role'],
    ],
    'newest first',
  );

  const removed = await app.inject({ method: 'DELETE', url: `${base}/roles/8001`, headers: staff });
  t.equal(removed.statusCode, 204);
  const again = await app.inject({ method: 'DELETE', url: `${base}/roles/8001`, headers: staff });
  t.equal(again.statusCode, 404);
  t.equal(again.json().error.code, 'TICKET_ERR_BLACKLIST_NOT_FOUND');

  const types = await events.waitForCount(guild, 4);
  t.same(types, [
    'ticket.blacklist_added',
    'ticket.blacklist_added',
    'ticket.blacklist_added',
    'ticket.blacklist_removed',
  ]);
  const addedEvents = events.of(ticketEvents.blacklistAdded, guild);
  t.same(
    addedEvents.map((e) => [e.entry?.kind, e.entry?.targetId, e.replaced, e.meta?.aggregateVersion]),
    [
      [TicketBlacklistKind.USER, '7001', false, 1],
      [TicketBlacklistKind.ROLE, '8001', false, 1],
      [TicketBlacklistKind.USER, '7001', true, 2],
    ],
  );
  t.equal(addedEvents[0]?.meta?.actor?.id, '50');
  t.strictSame(
    replaced.json(),
    JSON.parse(JSON.stringify(toDashboardJson(ticketEvents.blacklistAdded.json, addedEvents[2]!).entry)),
    'the entry over HTTP = the entry in ticket.blacklist_added',
  );
  const [removedEvent] = events.of(ticketEvents.blacklistRemoved, guild);
  t.equal(removedEvent?.entry?.reason, 'muted role', 'the removed event carries the entry as it was');
  t.equal(await streamCount(bus), 4, 'the unchanged re-add emitted nothing');
});

t.test('http blacklist – members get 403, bad ids and reasons 400', async (t) => {
  const { app } = await ticketApp(t);
  const guild = freshGuild();
  const base = `/v1/guilds/${guild}/tickets/blacklist`;
  const member = tokenFor('10', { [guild]: 'member' });
  const staff = tokenFor('50', { [guild]: 'staff' });
  for (const [method, url] of [
    ['GET', base],
    ['PUT', `${base}/users/7001`],
    ['DELETE', `${base}/users/7001`],
  ] as const) {
    const res = await app.inject({
      method,
      url,
      headers: member,
      ...(method === 'PUT' ? { payload: { reason: 'x' } } : {}),
    });
    t.equal(res.statusCode, 403, `${method} by a member`);
  }
  const anonymous = await app.inject({ method: 'GET', url: base });
  t.equal(anonymous.statusCode, 401);

  const cases: [string, unknown, string][] = [
    [`${base}/users/not-a-snowflake`, { reason: 'x' }, '/targetId'],
    [`${base}/users/123456789012345678901`, { reason: 'x' }, '/targetId'],
    [`${base}/members/7001`, { reason: 'x' }, '/kind'],
    [`${base}/users/7001`, { reason: 'x'.repeat(501) }, '/reason'],
    [`${base}/users/7001`, { reason: '' }, '/reason'],
    [`${base}/users/7001`, { reason: '   ' }, '/reason'],
    [`${base}/users/7001`, {}, '/reason'],
  ];
  for (const [url, payload, field] of cases) {
    const res = await app.inject({ method: 'PUT', url, headers: staff, payload: payload as object });
    t.equal(res.statusCode, 400, `${url} ${JSON.stringify(payload).slice(0, 40)}`);
    t.match(JSON.stringify(res.json().error.details), field);
  }
  const longest = await app.inject({
    method: 'PUT',
    url: `${base}/users/7001`,
    headers: staff,
    payload: { reason: 'x'.repeat(500) },
  });
  t.equal(longest.statusCode, 201, '500 characters is the limit');
  const badDelete = await app.inject({ method: 'DELETE', url: `${base}/users/abc`, headers: staff });
  t.equal(badDelete.statusCode, 400);
});

t.test('http blacklist – concurrent adds of one target create it once', async (t) => {
  const { app, events } = await ticketApp(t);
  const guild = freshGuild();
  const staff = tokenFor('50', { [guild]: 'staff' });
  const url = `/v1/guilds/${guild}/tickets/blacklist/users/7001`;
  const answers = await Promise.all(
    ['a', 'b', 'c', 'd'].map((reason) =>
      app.inject({ method: 'PUT', url, headers: staff, payload: { reason } }),
    ),
  );
  t.same(answers.map((a) => a.statusCode).sort(), [200, 200, 200, 201], 'one creates, the others replace');
  const added = await events.waitFor(ticketEvents.blacklistAdded, guild, 4);
  t.same(
    added.map((e) => [e.replaced, e.meta?.aggregateVersion]).sort((a, b) => Number(a[1]) - Number(b[1])),
    [
      [false, 1],
      [true, 2],
      [true, 3],
      [true, 4],
    ],
    'one creation, then a version per replacement',
  );
});
