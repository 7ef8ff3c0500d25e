import { settingsModules } from '@guildwire/contracts';
import { testNats } from '@guildwire/testkit';
import t from 'tap';
import { buildService, natsBus, settingsClient } from '../src/index.js';
import { auth } from './fixtures/service.js';
import { appOptions } from './fixtures/skeleton.js';

t.test(
  'settingsClient – app.settings follows config.updated, answers defaults without a config service, and stops on close',
  async (t) => {
    const nats = await testNats(t);
    const app = await buildService({ ...appOptions, auth }, async (app) => {
      await app.register(natsBus, { config: { NATS_URL: nats.url, NATS_NAMESPACE: nats.namespace } });
      await app.register(settingsClient, { maxEntries: 100 });
    });
    let closed = false;
    t.teardown(() => (closed ? undefined : app.close()));

    t.ok(app.settings.following, 'following config.updated once the app is built');
    const read = await app.settings.get('1300000000000000100', 'giveaways');
    t.equal(read.source, 'defaults', 'no config service on this NATS: the module defaults');
    t.same(read.settings, settingsModules.giveaways.defaults);
    const ready = await app.inject({ url: '/readyz' });
    t.equal(ready.statusCode, 200, 'a missing config service does not make the app unready');
    const metrics = (await app.inject({ url: '/metrics' })).body;
    t.match(metrics, /settings_client_fallbacks_total\{[^}]*module="giveaways"[^}]*\} 1/);
    t.match(metrics, /settings_client_following\{[^}]*\} 1/);

    await app.close();
    closed = true;
    t.notOk(app.settings.following, 'the feed stopped before the bus closed');
  },
);
