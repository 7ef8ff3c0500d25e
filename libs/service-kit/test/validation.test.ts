import t from 'tap';
import { Type } from 'typebox';
import { testApp } from './fixtures/service.js';

const Priority = Type.Enum(['low', 'normal', 'high', 'urgent']);
const Status = Type.Union([Type.Literal('open'), Type.Literal('claimed'), Type.Literal('closed')]);

async function app(t: Parameters<typeof testApp>[0]) {
  const app = await testApp(t);
  app.post(
    '/things',
    {
      schema: {
        body: Type.Object(
          {
            subject: Type.String({ minLength: 1 }),
            tags: Type.Optional(Type.Array(Type.String())),
            priority: Type.Optional(Priority),
            dueAt: Type.Optional(Type.Union([Type.String({ format: 'date-time' }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
      },
    },
    async (request) => request.body,
  );
  app.get(
    '/things',
    {
      schema: {
        querystring: Type.Object({
          status: Type.Optional(Type.Array(Status)),
          limit: Type.Optional(Type.Integer({ minimum: 1 })),
        }),
      },
    },
    async (request) => request.query,
  );
  return app;
}

const post = (a: Awaited<ReturnType<typeof app>>, payload: unknown) =>
  a.inject({ method: 'POST', url: '/things', payload: payload as object });

t.test('validation – a body is not coerced: a number is not a string', async (t) => {
  const res = await post(await app(t), { subject: 123 });
  t.equal(res.statusCode, 400);
  t.same(res.json().error.details, [{ field: '/subject', message: 'must be string' }]);
});

t.test('validation – a body is not coerced: a string is not an array', async (t) => {
  const res = await post(await app(t), { subject: 'x', tags: 'one' });
  t.equal(res.statusCode, 400);
  t.same(res.json().error.details, [{ field: '/tags', message: 'must be array' }]);
});

t.test('validation – an unknown body property is a 400 naming it, never silently dropped', async (t) => {
  const res = await post(await app(t), { subject: 'x', evil: 1, worse: true });
  t.equal(res.statusCode, 400);
  t.equal(res.json().error.code, 'GW_ERR_VALIDATION');
  t.same(res.json().error.details, [
    { field: '/evil', message: 'is not allowed' },
    { field: '/worse', message: 'is not allowed' },
  ]);
});

t.test('validation – an enum says once which values it takes', async (t) => {
  const res = await post(await app(t), { subject: 'x', priority: 'soon' });
  t.same(res.json().error.details, [
    { field: '/priority', message: 'must be one of low, normal, high, urgent' },
  ]);
  t.equal(
    res.json().error.message,
    'Invalid request body: /priority must be one of low, normal, high, urgent',
  );
});

t.test('validation – a union of literals reads like an enum (query string)', async (t) => {
  const res = await (await app(t)).inject({ url: '/things?status=pending' });
  t.equal(res.statusCode, 400);
  t.same(res.json().error.details, [{ field: '/status/0', message: 'must be one of open, claimed, closed' }]);
});

t.test('validation – a nullable value names both alternatives once', async (t) => {
  const res = await post(await app(t), { subject: 'x', dueAt: 'tomorrow' });
  t.same(res.json().error.details, [{ field: '/dueAt', message: 'must be a date-time string or null' }]);
});

t.test('validation – query strings still coerce (text by nature)', async (t) => {
  const res = await (await app(t)).inject({ url: '/things?status=open&limit=5' });
  t.equal(res.statusCode, 200);
  t.same(res.json(), { status: ['open'], limit: 5 });
});

t.test('validation – every invalid field is reported at once', async (t) => {
  const res = await post(await app(t), { subject: '', priority: 'x', tags: [1] });
  t.same(
    res.json().error.details.map((d: { field: string }) => d.field),
    ['/subject', '/tags/0', '/priority'],
  );
});

t.test('validation – a valid body passes untouched', async (t) => {
  const body = { subject: 'x', tags: ['a'], priority: 'high', dueAt: null };
  const res = await post(await app(t), body);
  t.equal(res.statusCode, 200);
  t.same(res.json(), body);
});

t.test(
  'validation – a number that is not finite (1e309 is Infinity) is a 400, in a query or a body',
  async (t) => {
    const a = await app(t);
    for (const limit of ['1e309', '-1e309', 'Infinity']) {
      const res = await a.inject({ method: 'GET', url: `/things?limit=${limit}` });
      t.equal(res.statusCode, 400, limit);
      t.same(res.json().error.details, [{ field: '/limit', message: 'must be a finite number' }], limit);
    }
    t.same((await a.inject({ method: 'GET', url: '/things?limit=5' })).json(), { limit: 5 });
    const b = await testApp(t);
    b.post(
      '/numbers',
      { schema: { body: Type.Object({ n: Type.Array(Type.Number()) }) } },
      async (r) => r.body,
    );
    const body = await b.inject({
      method: 'POST',
      url: '/numbers',
      headers: { 'content-type': 'application/json' },
      payload: '{"n":[1,1e309]}',
    });
    t.equal(body.statusCode, 400);
    t.match(
      body.json().error.details,
      [{ field: '/n/1', message: /number/ }],
      'a body is refused by Ajv itself',
    );
  },
);
