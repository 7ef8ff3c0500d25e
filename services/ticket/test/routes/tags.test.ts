import { ticketEvents, toDashboardJson } from '@guildwire/contracts';
import t from 'tap';
import { freshGuild, ticketApp, tokenFor } from '../fixtures.js';

t.test('http tags – create, list, read, edit with If-Match and delete, each with its event', async (t) => {
  const { app, events } = await ticketApp(t);
  const guild = freshGuild();
  const admin = tokenFor('1', { [guild]: 'admin' });
  const staff = tokenFor('2', { [guild]: 'staff' });
  const base = `/v1/guilds/${guild}/tickets/tags`;
  const created = await app.inject({
    method: 'POST',
    url: base,
    headers: admin,
    payload: {
      name: '  Refund-Policy ',
      content: 'Refunds take 5 days.',
      keywords: ['Refund', ' money  back '],
    },
  });
  t.equal(created.statusCode, 201);
  const tag = created.json();
  t.equal(tag.name, 'refund-policy', 'the name is kept trimmed and lower case');
  t.same(tag.keywords, ['refund', 'money back'], 'keywords are kept folded');
  t.equal(tag.version, 1);
  t.equal(created.headers.etag, '"1"');
  const other = await app.inject({
    method: 'POST',
    url: base,
    headers: admin,
    payload: { name: 'hello', content: 'Hi! How can we help?' },
  });
  t.equal(other.statusCode, 201);
  t.same(other.json().keywords, [], 'no keywords: no auto-reply');

  const list = await app.inject({ method: 'GET', url: base, headers: staff });
  t.equal(list.statusCode, 200);
  t.same(
    list.json().map((x: { name: string }) => x.name),
    ['hello', 'refund-policy'],
    'staff read the list, by name',
  );
  const one = await app.inject({ method: 'GET', url: `${base}/${tag.id}`, headers: staff });
  t.equal(one.json().content, 'Refunds take 5 days.');

  const noIfMatch = await app.inject({
    method: 'PATCH',
    url: `${base}/${tag.id}`,
    headers: admin,
    payload: { content: 'x' },
  });
  t.equal(noIfMatch.statusCode, 428);
  const edited = await app.inject({
    method: 'PATCH',
    url: `${base}/${tag.id}`,
    headers: { ...admin, 'if-match': '"1"' },
    payload: { content: 'Refunds take 3 days.', keywords: [] },
  });
  t.equal(edited.statusCode, 200);
  t.equal(edited.json().version, 2);
  t.same(edited.json().keywords, []);
  const stale = await app.inject({
    method: 'PATCH',
    url: `${base}/${tag.id}`,
    headers: { ...admin, 'if-match': '"1"' },
    payload: { content: 'y' },
  });
  t.equal(stale.statusCode, 412);
  const deleted = await app.inject({ method: 'DELETE', url: `${base}/${tag.id}`, headers: admin });
  t.equal(deleted.statusCode, 204);
  const gone = await app.inject({ method: 'GET', url: `${base}/${tag.id}`, headers: admin });
  t.equal(gone.statusCode, 404);
  t.equal(gone.json().error.code, 'TICKET_ERR_TAG_NOT_FOUND');

  const types = await events.waitForCount(guild, 4);
  t.same(types, ['ticket.tag_created', 'ticket.tag_created', 'ticket.tag_updated', 'ticket.tag_deleted']);
  const [updated] = events.of(ticketEvents.tagUpdated, guild);
  t.same(updated?.changedFields, ['content', 'keywords']);
  t.equal(updated?.meta?.aggregateVersion, 2);
  t.strictSame(
    edited.json(),
    JSON.parse(JSON.stringify(toDashboardJson(ticketEvents.tagUpdated.json, updated!).tag)),
    'the tag over HTTP = the tag in ticket.tag_updated',
  );
  const [removed] = events.of(ticketEvents.tagDeleted, guild);
  t.equal(removed?.tag?.version, 3, 'the delete is the tag at version + 1');
});

t.test('http tags – a name the guild has, in any case, is 409; renaming onto one too', async (t) => {
  const { app, events } = await ticketApp(t);
  const guild = freshGuild();
  const admin = tokenFor('1', { [guild]: 'admin' });
  const base = `/v1/guilds/${guild}/tickets/tags`;
  const post = (name: string) =>
    app.inject({ method: 'POST', url: base, headers: admin, payload: { name, content: 'text' } });
  t.equal((await post('refund')).statusCode, 201);
  const dup = await post('REFUND');
  t.equal(dup.statusCode, 409);
  t.equal(dup.json().error.code, 'TICKET_ERR_TAG_EXISTS');
  t.match(dup.json().error.message, /"refund" already exists/);
  const shipping = (await post('shipping')).json();
  const rename = await app.inject({
    method: 'PATCH',
    url: `${base}/${shipping.id}`,
    headers: { ...admin, 'if-match': '"1"' },
    payload: { name: 'Refund' },
  });
  t.equal(rename.statusCode, 409);
  t.equal(rename.json().error.code, 'TICKET_ERR_TAG_EXISTS');
  // Another guild may have its own "refund".
  const elsewhere = freshGuild();
  const theirs = await app.inject({
    method: 'POST',
    url: `/v1/guilds/${elsewhere}/tickets/tags`,
    headers: tokenFor('1', { [elsewhere]: 'admin' }),
    payload: { name: 'refund', content: 'text' },
  });
  t.equal(theirs.statusCode, 201);

  // Concurrent creates of one name (different case): the unique index lets one win, the other is 409.
  const race = await Promise.all([post('Race'), post('race'), post('RACE')]);
  t.same(race.map((r) => r.statusCode).sort(), [201, 409, 409]);
  for (const r of race.filter((r) => r.statusCode === 409))
    t.equal(r.json().error.code, 'TICKET_ERR_TAG_EXISTS', 'the loser of the race reads the same 409');
  await events.waitForCount(guild, 3);
  t.equal(
    events.of(ticketEvents.tagCreated, guild).length,
    3,
    'refund, shipping and one race: no event for a refusal',
  );
});

t.test('http tags – bad input is 400 naming the field', async (t) => {
  const { app } = await ticketApp(t);
  const guild = freshGuild();
  const admin = tokenFor('1', { [guild]: 'admin' });
  const base = `/v1/guilds/${guild}/tickets/tags`;
  const post = (payload: object) => app.inject({ method: 'POST', url: base, headers: admin, payload });
  const cases: [object, string, RegExp][] = [
    [{ name: 'no spaces', content: 'x' }, '/name', /a-z, digits/],
    [{ name: '-dash', content: 'x' }, '/name', /starting with a letter or digit/],
    [{ name: 'a'.repeat(33), content: 'x' }, '/name', /1 to 32/],
    [{ name: 'ok', content: 'x'.repeat(2001) }, '/content', /2000/],
    [{ name: 'ok', content: '   ' }, '/content', /blank/],
    [{ name: 'ok', content: 'x', keywords: ['(a+)+$'] }, '/keywords/0', /not a regular expression/],
    [{ name: 'ok', content: 'x', keywords: ['refund', 'REFUND'] }, '/keywords/1', /twice/],
    [{ name: 'ok', content: 'x', keywords: ['a'] }, '/keywords/0', /2 to 50/],
    [
      { name: 'ok', content: 'x', keywords: Array.from({ length: 11 }, (_, i) => `word${i}`) },
      '/keywords',
      /10/,
    ],
    [{ name: 'ok' }, '/content', /required/],
    [{ name: 'ok', content: 'x', colour: 1 }, '/colour', /./],
  ];
  for (const [payload, field, message] of cases) {
    const res = await post(payload);
    t.equal(res.statusCode, 400, JSON.stringify(payload).slice(0, 80));
    const details = res.json().error.details as { field: string; message: string }[];
    t.ok(
      details.some((d) => d.field === field && message.test(d.message)),
      `${field} ${message}: ${JSON.stringify(details)}`,
    );
  }
  const list = await app.inject({ method: 'GET', url: base, headers: admin });
  t.same(list.json(), [], 'nothing was created');
  const badId = await app.inject({ method: 'GET', url: `${base}/not-a-uuid`, headers: admin });
  t.equal(badId.statusCode, 400);
});

t.test('http tags – staff read, admins write, members and strangers are refused', async (t) => {
  const { app } = await ticketApp(t);
  const guild = freshGuild();
  const base = `/v1/guilds/${guild}/tickets/tags`;
  const admin = tokenFor('1', { [guild]: 'admin' });
  const tag = (
    await app.inject({ method: 'POST', url: base, headers: admin, payload: { name: 'hi', content: 'Hello' } })
  ).json();
  const staff = tokenFor('2', { [guild]: 'staff' });
  const member = tokenFor('3', { [guild]: 'member' });
  const stranger = tokenFor('4', { '1': 'admin' });
  const cases = [
    {
      who: 'staff',
      headers: staff,
      method: 'POST',
      url: base,
      payload: { name: 'x', content: 'x' },
      status: 403,
    },
    {
      who: 'staff',
      headers: { ...staff, 'if-match': '"1"' },
      method: 'PATCH',
      url: `${base}/${tag.id}`,
      payload: { content: 'x' },
      status: 403,
    },
    { who: 'staff', headers: staff, method: 'DELETE', url: `${base}/${tag.id}`, status: 403 },
    { who: 'member', headers: member, method: 'GET', url: base, status: 403 },
    { who: 'member', headers: member, method: 'GET', url: `${base}/${tag.id}`, status: 403 },
    { who: 'another guild', headers: stranger, method: 'GET', url: base, status: 403 },
    { who: 'nobody', headers: {}, method: 'GET', url: base, status: 401 },
  ] as const;
  for (const c of cases) {
    const res = await app.inject({
      method: c.method,
      url: c.url,
      headers: c.headers,
      ...('payload' in c ? { payload: c.payload } : {}),
    });
    t.equal(res.statusCode, c.status, `${c.who} ${c.method} ${c.url.replace(base, '…/tags')}`);
  }
  const still = await app.inject({ method: 'GET', url: `${base}/${tag.id}`, headers: staff });
  t.equal(still.json().content, 'Hello', 'nothing changed');
});
