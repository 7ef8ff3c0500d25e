import t from 'tap';
import { Type } from 'typebox';
import { ErrorResponseSchema } from '../src/index.js';
import { testApp } from './fixtures/service.js';

t.test('openapi – /openapi.json lists routes, hides probes and declares bearer auth', async (t) => {
  const app = await testApp(t, {
    version: '1.2.3',
    openapi: { title: 'Tickets', description: 'Ticket API' },
  });
  app.get(
    '/v1/guilds/:guildId/tickets',
    {
      preHandler: app.requireGuildRole('staff'),
      schema: {
        params: Type.Object({ guildId: Type.String() }),
        response: { 200: Type.Array(Type.Object({ id: Type.String() })), 403: ErrorResponseSchema },
      },
    },
    async () => [],
  );
  app.get('/v1/public', async () => ({}));
  const res = await app.inject({ url: '/openapi.json' });
  t.equal(res.statusCode, 200);
  const doc = res.json();
  t.match(doc.openapi, /^3\./);
  t.same(doc.info, { title: 'Tickets', description: 'Ticket API', version: '1.2.3' });
  t.same(doc.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  t.same(Object.keys(doc.paths).sort(), ['/v1/guilds/{guildId}/tickets', '/v1/public']);
  t.same(doc.paths['/v1/guilds/{guildId}/tickets'].get.security, [{ bearerAuth: [] }]);
  t.notOk(doc.paths['/v1/public'].get.security, 'unguarded routes need no token');
});
