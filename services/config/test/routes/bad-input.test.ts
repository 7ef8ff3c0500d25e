import { configEvents } from '@guildwire/contracts';
import t from 'tap';
import { configApp, freshGuild, streamCount, tokenFor } from '../fixtures.js';

const json = { 'content-type': 'application/json' };

t.test('bad input – unknown module: 404 on every route', async (t) => {
  const { app } = await configApp(t);
  const guild = freshGuild();
  const admin = { ...tokenFor('900', { [guild]: 'admin' }), ...json, 'if-match': '0' };
  const base = `/v1/guilds/${guild}/settings/moderation`;
  const requests = [
    { method: 'GET', url: base },
    { method: 'PUT', url: base, payload: {} },
    { method: 'PATCH', url: base, payload: {} },
    { method: 'POST', url: `${base}/reset`, payload: {} },
    { method: 'POST', url: `${base}/rollback`, payload: { toVersion: 1 } },
    { method: 'GET', url: `${base}/history` },
    { method: 'GET', url: `${base}/versions/1` },
  ] as const;
  for (const request of requests) {
    const res = await app.inject({ ...request, headers: admin });
    t.equal(res.statusCode, 404, `${request.method} ${request.url}`);
    t.equal(res.json().error.code, 'CONFIG_ERR_UNKNOWN_MODULE');
  }
});

t.test(
  'bad input – unknown fields, wrong types and values out of range: 400 naming each, nothing saved',
  async (t) => {
    const { app, bus } = await configApp(t);
    const guild = freshGuild();
    const admin = { ...tokenFor('900', { [guild]: 'admin' }), ...json, 'if-match': '0' };
    const res = await app.inject({
      method: 'PATCH',
      url: `/v1/guilds/${guild}/settings/tickets`,
      headers: admin,
      payload: {
        openLimitPerUser: 1001,
        autoCloseAfterMs: -1,
        feedbackOnClose: 'yes',
        ticketColour: 'red',
        categoryId: '12345',
        workingHours: { timeZone: 'Nowhere/Atlantis', ranges: [{ day: 1, start: '09:00' }] },
      },
    });
    t.equal(res.statusCode, 400);
    const { code, details } = res.json().error;
    t.equal(code, 'GW_ERR_VALIDATION');
    t.same(
      new Set(details),
      new Set([
        { field: '/ticketColour', message: 'is not allowed' },
        { field: '/openLimitPerUser', message: 'must be <= 1000' },
        { field: '/categoryId', message: 'must be a Discord id (17 to 20 digits) or empty' },
        { field: '/autoCloseAfterMs', message: 'must be >= 0' },
        { field: '/feedbackOnClose', message: 'must be boolean' },
        { field: '/workingHours/ranges/0/end', message: 'is required' },
      ]),
      'every schema error at once (rules run once the types are right)',
    );

    // Types right, rules wrong: the time zone and the range order are named.
    const rules = await app.inject({
      method: 'PATCH',
      url: `/v1/guilds/${guild}/settings/tickets`,
      headers: admin,
      payload: {
        workingHours: { timeZone: 'Nowhere/Atlantis', ranges: [{ day: 1, start: '17:00', end: '09:00' }] },
      },
    });
    t.equal(rules.statusCode, 400);
    t.same(rules.json().error.details, [
      { field: '/workingHours/timeZone', message: 'must be an IANA time zone such as Europe/Berlin' },
      { field: '/workingHours/ranges/0/end', message: 'must be after start' },
    ]);

    const notObject = await app.inject({
      method: 'PUT',
      url: `/v1/guilds/${guild}/settings/tickets`,
      headers: admin,
      payload: JSON.stringify([1, 2]),
    });
    t.equal(notObject.statusCode, 400, 'a document must be an object');

    const get = await app.inject({
      method: 'GET',
      url: `/v1/guilds/${guild}/settings/tickets`,
      headers: admin,
    });
    t.equal(get.json().version, 0, 'nothing was saved');
    t.equal(await streamCount(bus), 0, 'and nothing published');
  },
);

t.test('bad input – a body over the size limit: 413 in the common error shape', async (t) => {
  const { app } = await configApp(t, { env: { CONFIG_BODY_LIMIT_BYTES: '2048' } });
  const guild = freshGuild();
  const res = await app.inject({
    method: 'PUT',
    url: `/v1/guilds/${guild}/settings/tickets`,
    headers: { ...tokenFor('900', { [guild]: 'admin' }), ...json, 'if-match': '0' },
    payload: { welcomeMessage: 'x'.repeat(4096) },
  });
  t.equal(res.statusCode, 413);
  t.equal(res.json().error.code, 'GW_ERR_PAYLOAD_TOO_LARGE');
});

t.test(
  'bad input – If-Match missing: 428; stale: 412 with the current version; malformed: 400',
  async (t) => {
    const { app } = await configApp(t);
    const guild = freshGuild();
    const admin = { ...tokenFor('900', { [guild]: 'admin' }), ...json };
    const url = `/v1/guilds/${guild}/settings/voice`;
    const writes = [
      { method: 'PUT', url, payload: { userLimit: 2 } },
      { method: 'PATCH', url, payload: { userLimit: 2 } },
      { method: 'POST', url: `${url}/reset`, payload: {} },
      { method: 'POST', url: `${url}/rollback`, payload: { toVersion: 1 } },
    ] as const;
    for (const write of writes) {
      const res = await app.inject({ ...write, headers: admin });
      t.equal(res.statusCode, 428, `${write.method} ${write.url}`);
      t.equal(res.json().error.code, 'GW_ERR_PRECONDITION_REQUIRED');
    }
    await app.inject({
      method: 'PUT',
      url,
      headers: { ...admin, 'if-match': '0' },
      payload: { userLimit: 2 },
    });
    for (const write of writes) {
      const res = await app.inject({ ...write, headers: { ...admin, 'if-match': '"0"' } });
      t.equal(res.statusCode, 412, `${write.method} ${write.url}`);
      t.equal(res.json().error.code, 'GW_ERR_STALE_VERSION');
      t.same(res.json().error.details, { currentVersion: 1 });
    }
    const malformed = await app.inject({
      method: 'PUT',
      url,
      headers: { ...admin, 'if-match': 'yesterday' },
      payload: {},
    });
    t.equal(malformed.statusCode, 400);
  },
);

t.test(
  'bad input – rollback to a version that does not exist: 404; history cursor not ours: 400',
  async (t) => {
    const { app } = await configApp(t);
    const guild = freshGuild();
    const admin = { ...tokenFor('900', { [guild]: 'admin' }), ...json };
    const url = `/v1/guilds/${guild}/settings/music`;
    await app.inject({
      method: 'PUT',
      url,
      headers: { ...admin, 'if-match': '0' },
      payload: { defaultVolume: 10 },
    });
    const res = await app.inject({
      method: 'POST',
      url: `${url}/rollback`,
      headers: { ...admin, 'if-match': '1' },
      payload: { toVersion: 7 },
    });
    t.equal(res.statusCode, 404);
    t.equal(res.json().error.code, 'CONFIG_ERR_VERSION_NOT_FOUND');
    const version = await app.inject({ method: 'GET', url: `${url}/versions/7`, headers: admin });
    t.equal(version.statusCode, 404);
    const cursor = await app.inject({ method: 'GET', url: `${url}/history?cursor=abc`, headers: admin });
    t.equal(cursor.statusCode, 400);
    t.same(cursor.json().error.details, [{ field: '/cursor', message: 'is not a cursor this API returned' }]);
  },
);

t.test("bad input – members, another guild's admin and no token are refused", async (t) => {
  const { app } = await configApp(t);
  const guild = freshGuild();
  const other = freshGuild();
  const url = `/v1/guilds/${guild}/settings/tickets`;
  const member = tokenFor('100', { [guild]: 'member' });
  const staff = tokenFor('500', { [guild]: 'staff' });
  const otherAdmin = tokenFor('900', { [other]: 'admin' });
  const write = { method: 'PATCH', url, payload: { openLimitPerUser: 9 } } as const;
  for (const [who, headers, method, expected] of [
    ['member reads', member, 'GET', 403],
    ['member writes', member, 'PATCH', 403],
    ['staff writes', staff, 'PATCH', 403],
    ["another guild's admin reads", otherAdmin, 'GET', 403],
    ["another guild's admin writes", otherAdmin, 'PATCH', 403],
    ['no token', {}, 'GET', 401],
  ] as const) {
    const res = await app.inject({
      ...(method === 'GET' ? { method, url } : write),
      headers: { ...headers, ...json, 'if-match': '0' },
    });
    t.equal(res.statusCode, expected, who);
  }
  const list = await app.inject({ method: 'GET', url: `/v1/guilds/${guild}/settings`, headers: member });
  t.equal(list.statusCode, 403, 'the module list is for staff too');
});

t.test('concurrency – writers of one module racing on one version: exactly one wins each', async (t) => {
  const { app, events } = await configApp(t);
  const guild = freshGuild();
  const admin = { ...tokenFor('900', { [guild]: 'admin' }), ...json };
  const url = `/v1/guilds/${guild}/settings/giveaways`;
  // Round 1 races on the first version (an insert), round 2 on an existing row (an update), round 3
  // again with idempotency keys (each write then runs in a transaction with its key).
  for (const version of [0, 1, 2]) {
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        app.inject({
          method: 'PATCH',
          url,
          headers: {
            ...admin,
            'if-match': String(version),
            ...(version === 2 ? { 'idempotency-key': `race-${i}` } : {}),
          },
          payload: { maxWinners: 10 * (version + 1) + i },
        }),
      ),
    );
    const codes = answers.map((a) => a.statusCode).sort();
    t.same(codes, [200, 412, 412, 412, 412, 412, 412, 412], `one winner of version ${version + 1}`);
    for (const lost of answers.filter((a) => a.statusCode === 412)) {
      t.same(lost.json().error.details, { currentVersion: version + 1 });
    }
  }
  const updates = await events.waitFor(configEvents.updated, guild, 3);
  t.same(
    updates.map((e) => e.settings?.version),
    [1, 2, 3],
  );
  const history = await app.inject({ method: 'GET', url: `${url}/history`, headers: admin });
  t.equal(history.json().versions.length, 3, 'one history entry per version');
});

t.test('http openapi – the document lists every route of the service', async (t) => {
  const { app } = await configApp(t);
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  t.equal(res.statusCode, 200);
  const doc = res.json();
  const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
  );
  const p = '/v1/guilds/{guildId}/settings';
  t.same(
    listed.sort(),
    [
      `GET ${p}`,
      `GET ${p}/{module}`,
      `PUT ${p}/{module}`,
      `PATCH ${p}/{module}`,
      `POST ${p}/{module}/reset`,
      `POST ${p}/{module}/rollback`,
      `GET ${p}/{module}/history`,
      `GET ${p}/{module}/versions/{version}`,
    ].sort(),
  );
});
