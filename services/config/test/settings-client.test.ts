import { settingsModules } from '@guildwire/contracts';
import { createSettingsClient } from '@guildwire/settings-client';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { configApp, freshGuild, peerBus, silent, testConfig, tokenFor } from './fixtures.js';

// The settings client's own tests use a stand-in for this service; this one runs the real service
// and the real client side by side: what the service answers and publishes is what the client reads.
t.test(
  'settings client – filled by cmd.config.get, updated by config.updated, defaults when the service is down',
  async (t) => {
    const { app, db, bus } = await configApp(t);
    const client = createSettingsClient({
      bus: await peerBus(t, bus, 'ticket'),
      logger: silent,
      retryAfterMs: 0,
    });
    await client.start();
    t.teardown(() => client.close());
    const guild = freshGuild();
    const admin = { ...tokenFor('900', { [guild]: 'admin' }), 'content-type': 'application/json' };
    const url = `/v1/guilds/${guild}/settings/tickets`;

    await app.inject({
      method: 'PATCH',
      url,
      headers: { ...admin, 'if-match': '0' },
      payload: { openLimitPerUser: 4 },
    });
    const first = await client.get(guild, 'tickets');
    t.equal(first.source, 'config');
    t.equal(first.version, 1);
    t.equal(first.settings.openLimitPerUser, 4);

    // A change over HTTP reaches the client's cache through the event: no request, no restart.
    await app.inject({
      method: 'PATCH',
      url,
      headers: { ...admin, 'if-match': '1' },
      payload: { openLimitPerUser: 9, supportRoleIds: ['111111111111111111'] },
    });
    const seen = await waitUntil('the client holds version 2', async () =>
      client.peek(guild, 'tickets')?.version === 2 ? client.peek(guild, 'tickets') : undefined,
    );
    t.equal(seen?.settings.openLimitPerUser, 9);
    t.same(seen?.settings.supportRoleIds, ['111111111111111111']);
    t.equal((await client.forGuild(guild).tickets).openLimitPerUser, 9);

    // Service down: the cached guild keeps its last value, an uncached one gets the defaults.
    await app.close();
    t.equal((await client.get(guild, 'tickets')).settings.openLimitPerUser, 9);
    const other = await client.get(freshGuild(), 'music');
    t.equal(other.source, 'defaults');
    t.same(other.settings, settingsModules.music.defaults);

    // Back up (a new process on the same database): changes flow again.
    const again = await buildApp(testConfig(), { db, bus, logger: { level: 'silent' } });
    t.teardown(() => again.close());
    await again.inject({
      method: 'POST',
      url: `${url}/reset`,
      headers: { ...admin, 'if-match': '2' },
      payload: {},
    });
    await waitUntil('the client holds version 3', async () =>
      client.peek(guild, 'tickets')?.version === 3 ? true : undefined,
    );
    t.same(client.peek(guild, 'tickets')?.settings, settingsModules.tickets.defaults);
  },
);
