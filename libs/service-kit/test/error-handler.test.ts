import { defineError, errorCodes, isGuildwireError } from '@guildwire/errors';
import t from 'tap';
import { Type } from 'typebox';
import { testApp } from './fixtures/service.js';

const TicketAlreadyClaimed = defineError(
  'TICKET_ERR_ALREADY_CLAIMED',
  409,
  'Ticket %s already claimed by %s',
);

async function appWithRoutes(t: Parameters<typeof testApp>[0]) {
  const app = await testApp(t, { bodyLimit: 1024 });
  app.post(
    '/v1/tickets',
    {
      schema: {
        body: Type.Object({ subject: Type.String({ minLength: 1 }), priority: Type.Integer({ minimum: 1 }) }),
        querystring: Type.Object({ dryRun: Type.Optional(Type.Boolean()) }),
      },
    },
    async (request) => ({ subject: request.body.subject }),
  );
  app.post('/v1/tickets/:id/claim', async (request) => {
    const { id } = request.params as { id: string };
    throw new TicketAlreadyClaimed(id, '77').withDetails({ ticketId: id, claimedBy: '77' });
  });
  app.get('/boom', async () => {
    throw new Error('connect ECONNREFUSED 10.0.0.5:5432 password=hunter2');
  });
  app.get('/stale', async () => {
    throw new errorCodes.GW_ERR_STALE_VERSION(3, 4);
  });
  return app;
}

t.test('errors – a validation failure is 400 with every field error', async (t) => {
  const app = await appWithRoutes(t);
  const res = await app.inject({ method: 'POST', url: '/v1/tickets', payload: { subject: '', priority: 0 } });
  t.equal(res.statusCode, 400);
  const { error } = res.json();
  t.equal(error.code, 'GW_ERR_VALIDATION');
  t.match(error.message, /^Invalid request body/);
  t.same(
    error.details.map((d: { field: string }) => d.field),
    ['/subject', '/priority'],
  );
  t.match(error.details[0].message, /fewer than 1/);
});

t.test('errors – a missing required field is named with its path', async (t) => {
  const app = await appWithRoutes(t);
  const res = await app.inject({ method: 'POST', url: '/v1/tickets', payload: { priority: 2 } });
  t.equal(res.statusCode, 400);
  t.same(res.json().error.details, [{ field: '/subject', message: 'is required' }]);
});

t.test('errors – a malformed JSON body is 400 GW_ERR_BAD_REQUEST', async (t) => {
  const app = await appWithRoutes(t);
  const res = await app.inject({
    method: 'POST',
    url: '/v1/tickets',
    headers: { 'content-type': 'application/json' },
    payload: '{"subject":',
  });
  t.equal(res.statusCode, 400);
  t.equal(res.json().error.code, 'GW_ERR_BAD_REQUEST');
});

t.test('errors – an unknown route is 404 in the error shape', async (t) => {
  const app = await appWithRoutes(t);
  const res = await app.inject({ method: 'GET', url: '/v1/nothing?token=abc' });
  t.equal(res.statusCode, 404);
  t.same(res.json(), { error: { code: 'GW_ERR_NOT_FOUND', message: 'Route GET /v1/nothing not found' } });
});

t.test('errors – a body over the limit is 413', async (t) => {
  const app = await appWithRoutes(t);
  const res = await app.inject({
    method: 'POST',
    url: '/v1/tickets',
    payload: { subject: 'x'.repeat(2048), priority: 1 },
  });
  t.equal(res.statusCode, 413);
  t.same(res.json().error, {
    code: 'GW_ERR_PAYLOAD_TOO_LARGE',
    message: 'Request body is larger than 1024 bytes',
  });
});

t.test('errors – an unsupported content type is 415', async (t) => {
  const app = await appWithRoutes(t);
  const res = await app.inject({
    method: 'POST',
    url: '/v1/tickets',
    headers: { 'content-type': 'application/xml' },
    payload: '<ticket/>',
  });
  t.equal(res.statusCode, 415);
  t.same(res.json().error, {
    code: 'GW_ERR_UNSUPPORTED_MEDIA_TYPE',
    message: 'Unsupported media type: application/xml',
  });
});

t.test('errors – a service error keeps its code, status, message and details', async (t) => {
  const app = await appWithRoutes(t);
  const res = await app.inject({ method: 'POST', url: '/v1/tickets/42/claim' });
  t.equal(res.statusCode, 409);
  t.same(res.json(), {
    error: {
      code: 'TICKET_ERR_ALREADY_CLAIMED',
      message: 'Ticket 42 already claimed by 77',
      details: { ticketId: '42', claimedBy: '77' },
    },
  });
});

t.test('errors – a registry error maps to its status (412 stale version)', async (t) => {
  const app = await appWithRoutes(t);
  const res = await app.inject({ method: 'GET', url: '/stale' });
  t.equal(res.statusCode, 412);
  t.same(res.json().error, {
    code: 'GW_ERR_STALE_VERSION',
    message: 'Version 3 is stale; the current version is 4',
  });
});

t.test('errors – an unexpected error is 500 without internals', async (t) => {
  const app = await appWithRoutes(t);
  const res = await app.inject({ method: 'GET', url: '/boom' });
  t.equal(res.statusCode, 500);
  t.same(res.json(), { error: { code: 'GW_ERR_INTERNAL', message: 'Internal server error' } });
  t.notMatch(res.body, /ECONNREFUSED|hunter2|stack/);
});

t.test('errors – a 429 from any plugin keeps the shape', async (t) => {
  const app = await testApp(t);
  app.get('/limited', async () => {
    throw Object.assign(new Error('Rate limit exceeded, retry in 1 minute'), { statusCode: 429 });
  });
  const res = await app.inject({ url: '/limited' });
  t.equal(res.statusCode, 429);
  t.equal(res.json().error.code, 'GW_ERR_RATE_LIMITED');
});

t.test('defineError – codes are checked, constructors type-check their arguments', async (t) => {
  t.throws(() => defineError('bad code', 400, 'x'), TypeError);
  t.throws(() => defineError('TICKET_ERR_X', 200, 'x'), TypeError);
  const err = new TicketAlreadyClaimed('1', '2', { cause: new Error('db') });
  t.ok(isGuildwireError(err));
  t.ok(err instanceof TicketAlreadyClaimed);
  t.equal(err.statusCode, 409);
  t.equal(err.code, 'TICKET_ERR_ALREADY_CLAIMED');
  t.equal(err.message, 'Ticket 1 already claimed by 2');
  t.ok(err.cause instanceof Error);
  t.notOk(isGuildwireError(new Error('plain')));
});
