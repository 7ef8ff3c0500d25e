import fp from 'fastify-plugin';
import t from 'tap';
import { buildService } from '../src/index.js';
import { auth } from './fixtures/service.js';

const options = { name: 'test-service', logger: { level: 'silent' }, auth, defaultMetrics: false } as const;

t.test('buildService – a failing step closes what the earlier steps opened, in reverse order', async (t) => {
  const closed: string[] = [];
  const opens = (name: string) =>
    fp(async (app) => {
      app.addHook('onClose', async () => {
        closed.push(name);
      });
    });
  await t.rejects(
    buildService(options, async (app) => {
      await app.register(opens('pool'));
      await app.register(opens('connection'));
      await app.register(async () => {
        throw new Error('migration failed');
      });
      await app.register(opens('never'));
    }),
    { message: 'migration failed' },
  );
  t.same(closed, ['connection', 'pool']);
});

t.test('buildService – a successful build returns the app, closed by its owner', async (t) => {
  const closed: string[] = [];
  const app = await buildService(options, async (app) => {
    await app.register(
      fp(async (inner) => {
        inner.addHook('onClose', async () => {
          closed.push('pool');
        });
      }),
    );
  });
  t.equal((await app.inject({ url: '/healthz' })).statusCode, 200);
  t.same(closed, []);
  await app.close();
  t.same(closed, ['pool']);
});
