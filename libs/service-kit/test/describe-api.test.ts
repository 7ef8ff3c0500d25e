import t from 'tap';
import { Type } from 'typebox';
import { describeApi, type ServiceApp, unusedDependencies } from '../src/index.js';

// describeApi gives the OpenAPI document a service serves, without its infrastructure: what
// `npm run gen` turns into the dashboard's typed clients.

const service = { name: 'sample', version: '1.2.3', description: 'A sample service' };

async function sampleRoutes(app: ServiceApp, options: { readonly things: { list(): Promise<string[]> } }) {
  app.get(
    '/v1/guilds/:guildId/things',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: 'The things',
        params: Type.Object({ guildId: Type.String() }),
        response: { 200: Type.Array(Type.String()) },
      },
    },
    async () => options.things.list(),
  );
}

t.test(
  'describe-api – the routes, their schemas and the bearer scheme, with unused dependencies',
  async (t) => {
    const document = (await describeApi(service, async (app) => {
      await app.register(sampleRoutes, { things: unusedDependencies() });
    })) as {
      info: { title: string; version: string };
      paths: Record<string, { get?: { summary?: string; responses: Record<string, unknown> } }>;
      components: { securitySchemes: Record<string, unknown> };
    };
    t.equal(document.info.title, 'Guildwire sample service');
    t.equal(document.info.version, '1.2.3');
    t.equal(document.paths['/v1/guilds/{guildId}/things']?.get?.summary, 'The things');
    t.ok(document.paths['/v1/guilds/{guildId}/things']?.get?.responses['200'], 'the answer schema is there');
    t.ok(Object.keys(document.components.securitySchemes).length > 0, 'bearer auth declared');
    t.notOk(document.paths['/healthz'], 'probes stay out of the document');
  },
);

t.test('describe-api – a dependency used while registering fails loudly', async (t) => {
  await t.rejects(
    describeApi(service, async (app) => {
      const things: { list(): Promise<string[]> } = unusedDependencies();
      await things.list();
      await app.register(sampleRoutes, { things });
    }),
    /only describing the API/,
  );
});
