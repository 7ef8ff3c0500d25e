import t from 'tap';
import { freshGuild, ticketApp, tokenFor } from '../fixtures.js';

// Tried as an outside client would: a body gets no type coercion and an unknown property is a 400
// naming it, on every route with a body, exactly as the published OpenAPI says.

interface Detail {
  readonly field: string;
  readonly message: string;
}

t.test(
  'strict input – every body route refuses wrong types and unknown properties, naming them',
  async (t) => {
    const { app } = await ticketApp(t);
    const guild = freshGuild();
    const staff = tokenFor('9', { [guild]: 'admin' });
    const base = `/v1/guilds/${guild}`;
    const send = (method: 'POST' | 'PATCH' | 'PUT', url: string, payload: unknown) =>
      app.inject({
        method,
        url,
        headers: { ...staff, 'content-type': 'application/json' },
        payload: JSON.stringify(payload),
      });
    const opened = await send('POST', `${base}/tickets`, { subject: 'x' });
    t.equal(opened.statusCode, 201);
    const ticket = `${base}/tickets/${opened.json().ticket.id}`;
    const panel = await send('POST', `${base}/panels`, { title: 'Help', channelId: '42' });
    t.equal(panel.statusCode, 201);
    const panelUrl = `${base}/panels/${panel.json().id}`;

    const cases: Array<[string, 'POST' | 'PATCH' | 'PUT', string, unknown, string, RegExp]> = [
      ['open: subject a number', 'POST', `${base}/tickets`, { subject: 123 }, '/subject', /string/],
      [
        'open: an unknown property',
        'POST',
        `${base}/tickets`,
        { subject: 'x', evil: 1 },
        '/evil',
        /not allowed/,
      ],
      ['open: tags a string', 'POST', `${base}/tickets`, { subject: 'x', tags: 'x' }, '/tags', /array/],
      ['edit: only an unknown property', 'PATCH', ticket, { evil: 1 }, '/evil', /not allowed/],
      ['edit: subject a number', 'PATCH', ticket, { subject: 5 }, '/subject', /string/],
      ['close: reason a number', 'POST', `${ticket}/close`, { reason: 5 }, '/reason', /string/],
      ['close: an unknown property', 'POST', `${ticket}/close`, { why: 'x' }, '/why', /not allowed/],
      ['assign: assignee a number', 'POST', `${ticket}/assign`, { assigneeId: 1 }, '/assigneeId', /string/],
      ['priority: a number', 'PUT', `${ticket}/priority`, { priority: 3 }, '/priority', /one of/],
      ['claim: a body property', 'POST', `${ticket}/claim`, { force: true }, '/force', /not allowed/],
      ['comment: body a number', 'POST', `${ticket}/comments`, { body: 123 }, '/body', /string/],
      [
        'comment: an unknown property',
        'POST',
        `${ticket}/comments`,
        { body: 'x', pin: 1 },
        '/pin',
        /not allowed/,
      ],
      [
        'attachment: size a string',
        'POST',
        `${ticket}/attachments`,
        { name: 'a', url: 'https://x.test/a', contentType: 'text/plain', size: '5' },
        '/size',
        /integer/,
      ],
      [
        'close request: timeout a string',
        'POST',
        `${ticket}/close-request`,
        { timeoutSeconds: '60' },
        '/timeoutSeconds',
        /integer/,
      ],
      ['panel: colour a string', 'POST', `${base}/panels`, { title: 'p', colour: '5' }, '/colour', /integer/],
      [
        'panel: an unknown property',
        'POST',
        `${base}/panels`,
        { title: 'p', evil: 1 },
        '/evil',
        /not allowed/,
      ],
      ['panel edit: an unknown property', 'PATCH', panelUrl, { evil: 1 }, '/evil', /not allowed/],
      [
        'blacklist: reason a number',
        'PUT',
        `${base}/tickets/blacklist/users/77`,
        { reason: 5 },
        '/reason',
        /string/,
      ],
      [
        'blacklist: an unknown property',
        'PUT',
        `${base}/tickets/blacklist/users/77`,
        { reason: 'x', until: 'never' },
        '/until',
        /not allowed/,
      ],
    ];
    for (const [what, method, url, payload, field, message] of cases) {
      const res = await send(method, url, payload);
      t.equal(res.statusCode, 400, what);
      const { error } = res.json();
      t.equal(error.code, 'GW_ERR_VALIDATION', what);
      const named = ((error.details ?? []) as Detail[]).find((d) => d.field === field);
      t.ok(named, `${what}: names ${field} (got ${JSON.stringify(error.details)})`);
      t.match(named?.message ?? '', message, `${what}: says why`);
    }

    const after = await app.inject({ method: 'GET', url: ticket, headers: staff });
    t.equal(
      after.json().ticket.version,
      opened.json().ticket.version,
      'no refused request changed the ticket',
    );
    t.equal(after.json().ticket.subject, 'x');
  },
);

t.test('strict input – an enum or union says once which values it takes', async (t) => {
  const { app } = await ticketApp(t);
  const guild = freshGuild();
  const staff = tokenFor('9', { [guild]: 'staff' });
  const res = await app.inject({
    method: 'GET',
    url: `/v1/guilds/${guild}/tickets?status=pending`,
    headers: staff,
  });
  t.equal(res.statusCode, 400);
  const details = res.json().error.details as Detail[];
  t.equal(details.length, 1, `one error, not one per branch: ${JSON.stringify(details)}`);
  t.match(details[0]?.field, /^\/status/);
  t.match(details[0]?.message, /must be one of .*open.*claimed.*closed/);
  const sort = await app.inject({
    method: 'GET',
    url: `/v1/guilds/${guild}/tickets?sort=random`,
    headers: staff,
  });
  t.equal(sort.statusCode, 400);
  t.equal((sort.json().error.details as Detail[]).length, 1);
  const queryCoerces = await app.inject({
    method: 'GET',
    url: `/v1/guilds/${guild}/tickets?limit=5&status=open`,
    headers: staff,
  });
  t.equal(queryCoerces.statusCode, 200, 'query strings still coerce (limit=5 is a number)');
});

t.test('strict input – malformed URLs and oversized requests answer in the common error shape', async (t) => {
  const { app } = await ticketApp(t);
  const guild = freshGuild();
  const staff = tokenFor('9', { [guild]: 'staff' });
  const badUrl = await app.inject({ method: 'GET', url: '/v1/guilds/%ZZ/tickets', headers: staff });
  t.equal(badUrl.statusCode, 400);
  t.equal(badUrl.json().error.code, 'GW_ERR_BAD_REQUEST', "our shape, not Fastify's default");
  t.match(badUrl.json().error.message, /url/i);
  const longParam = await app.inject({
    method: 'GET',
    url: `/v1/guilds/${guild}/tickets/${'a'.repeat(600)}`,
    headers: staff,
  });
  t.equal(longParam.statusCode, 414);
  t.equal(longParam.json().error.code, 'GW_ERR_URI_TOO_LONG');
});
