import {
  type ConfigUpdated,
  ConfigUpdatedJson,
  configEvents,
  SettingsChangeKind,
  settingsModules,
  toDashboardJson,
} from '@guildwire/contracts';
import t from 'tap';
import { configApp, freshGuild, streamCount, tokenFor } from '../fixtures.js';

const role = '111111111111111111';
const json = { 'content-type': 'application/json' };

t.test(
  'settings http – get, replace, patch, history, one version, rollback, reset; one event each',
  async (t) => {
    const { app, bus, events } = await configApp(t);
    const guild = freshGuild();
    const admin = tokenFor('900', { [guild]: 'admin' });
    const staff = tokenFor('500', { [guild]: 'staff' });
    const url = `/v1/guilds/${guild}/settings/tickets`;

    // Never changed: version 0, the module's defaults.
    const initial = await app.inject({ method: 'GET', url, headers: staff });
    t.equal(initial.statusCode, 200);
    t.equal(initial.headers.etag, '"0"');
    t.same(initial.json(), {
      guildId: guild,
      module: 'tickets',
      version: 0,
      settings: settingsModules.tickets.defaults,
      updatedAt: null,
      updatedBy: '',
    });

    // Replace: fields left out take their defaults.
    const replaced = await app.inject({
      method: 'PUT',
      url: `${url}?reason=${encodeURIComponent('bigger team')}`,
      headers: { ...admin, ...json, 'if-match': '"0"' },
      payload: { openLimitPerUser: 5, supportRoleIds: [role] },
    });
    t.equal(replaced.statusCode, 200, replaced.body);
    t.equal(replaced.headers.etag, '"1"');
    const v1 = replaced.json().settings;
    t.equal(v1.version, 1);
    t.equal(v1.updatedBy, '900');
    t.same(v1.settings, { ...settingsModules.tickets.defaults, openLimitPerUser: 5, supportRoleIds: [role] });
    t.equal(replaced.json().replayed, false);

    // Merge patch (RFC 7396 media type): nested member changed, null resets a field to its default.
    const patched = await app.inject({
      method: 'PATCH',
      url,
      headers: { ...admin, 'content-type': 'application/merge-patch+json', 'if-match': '1' },
      payload: JSON.stringify({
        openLimitPerUser: null,
        workingHours: { enabled: true, timeZone: 'Europe/Berlin' },
      }),
    });
    t.equal(patched.statusCode, 200, patched.body);
    const v2 = patched.json().settings;
    t.equal(v2.version, 2);
    t.equal(v2.settings.openLimitPerUser, 3, 'null: back to the default');
    t.same(v2.settings.supportRoleIds, [role], 'untouched by the patch');
    t.same(v2.settings.workingHours, {
      ...settingsModules.tickets.defaults.workingHours,
      enabled: true,
      timeZone: 'Europe/Berlin',
    });

    const got = await app.inject({ method: 'GET', url, headers: staff });
    t.equal(got.headers.etag, '"2"');
    t.same(got.json(), v2, 'a read answers what the write answered');

    // Rollback to version 1: a new version (3) with its content.
    const rolled = await app.inject({
      method: 'POST',
      url: `${url}/rollback`,
      headers: { ...admin, ...json, 'if-match': '"2"' },
      payload: { toVersion: 1, reason: 'the hours were wrong' },
    });
    t.equal(rolled.statusCode, 200, rolled.body);
    t.equal(rolled.json().settings.version, 3);
    t.same(rolled.json().settings.settings, v1.settings);

    const reset = await app.inject({
      method: 'POST',
      url: `${url}/reset`,
      headers: { ...admin, ...json, 'if-match': '"3"' },
      payload: {},
    });
    t.equal(reset.statusCode, 200, reset.body);
    t.equal(reset.json().settings.version, 4);
    t.same(reset.json().settings.settings, settingsModules.tickets.defaults);

    // History: newest first, with kind, field-level diff, who, when, why; paged by cursor.
    const page1 = await app.inject({ method: 'GET', url: `${url}/history?limit=3`, headers: staff });
    t.equal(page1.statusCode, 200, page1.body);
    const h1 = page1.json();
    t.same(
      h1.versions.map((v: { settings: { version: number }; kind: string }) => [v.settings.version, v.kind]),
      [
        [4, 'reset'],
        [3, 'rollback'],
        [2, 'update'],
      ],
    );
    t.not(h1.nextCursor, '');
    const [resetEntry, rollbackEntry, patchEntry] = h1.versions;
    t.equal(rollbackEntry.restoredVersion, 1);
    t.equal(rollbackEntry.reason, 'the hours were wrong');
    t.same(patchEntry.changes, [
      { path: '/openLimitPerUser', before: 5, after: 3 },
      { path: '/workingHours/enabled', before: false, after: true },
      { path: '/workingHours/timeZone', before: 'UTC', after: 'Europe/Berlin' },
    ]);
    t.same(resetEntry.changes, [
      { path: '/openLimitPerUser', before: 5, after: 3 },
      { path: '/supportRoleIds', before: [role], after: [] },
    ]);
    t.equal(patchEntry.settings.updatedBy, '900');
    t.ok(Date.parse(patchEntry.settings.updatedAt) > 0);
    const page2 = await app.inject({
      method: 'GET',
      url: `${url}/history?limit=3&cursor=${h1.nextCursor}`,
      headers: staff,
    });
    const h2 = page2.json();
    t.same(
      h2.versions.map((v: { settings: { version: number } }) => v.settings.version),
      [1],
    );
    t.equal(h2.nextCursor, '', 'the last page');
    t.equal(h2.versions[0].reason, 'bigger team');
    t.same(h2.versions[0].changes, [
      { path: '/openLimitPerUser', before: 3, after: 5 },
      { path: '/supportRoleIds', before: [], after: [role] },
    ]);

    const one = await app.inject({ method: 'GET', url: `${url}/versions/2`, headers: staff });
    t.equal(one.statusCode, 200);
    t.same(one.json(), patchEntry);

    // Exactly one config.updated per version, in order, read back from JetStream.
    const updates = await events.waitFor(configEvents.updated, guild, 4);
    t.same(
      updates.map((e) => [e.settings?.version, e.kind, e.meta?.aggregateVersion]),
      [
        [1, SettingsChangeKind.UPDATE, 1],
        [2, SettingsChangeKind.UPDATE, 2],
        [3, SettingsChangeKind.ROLLBACK, 3],
        [4, SettingsChangeKind.RESET, 4],
      ],
    );
    const second = updates[1] as ConfigUpdated;
    t.equal(second.meta?.actor?.id, '900');
    t.equal(second.settings?.module, 'tickets');
    const asJson = toDashboardJson(ConfigUpdatedJson, second);
    t.same(asJson.settings, v2, 'the event carries the settings as the HTTP answer does');
    t.same(asJson.changes, patchEntry.changes, 'and the same diff as the history');
    t.equal(updates[2]?.restoredVersion, 1);
    t.equal(await streamCount(bus), 4, 'nothing else was published');
  },
);

t.test('settings http – a write that changes nothing makes no version and no event', async (t) => {
  const { app, bus, events } = await configApp(t);
  const guild = freshGuild();
  const admin = { ...tokenFor('900', { [guild]: 'admin' }), ...json };
  const url = `/v1/guilds/${guild}/settings/music`;
  const first = await app.inject({
    method: 'PATCH',
    url,
    headers: { ...admin, 'if-match': '0' },
    payload: { defaultVolume: 80 },
  });
  t.equal(first.json().settings.version, 1);
  const same = await app.inject({
    method: 'PATCH',
    url,
    headers: { ...admin, 'if-match': '1' },
    payload: { defaultVolume: 80 },
  });
  t.equal(same.statusCode, 200);
  t.equal(same.json().settings.version, 1);
  await events.waitFor(configEvents.updated, guild, 1);
  // A later change is the second event: had the no-op emitted, it would be the third.
  await app.inject({
    method: 'PATCH',
    url,
    headers: { ...admin, 'if-match': '1' },
    payload: { defaultVolume: 81 },
  });
  const all = await events.waitFor(configEvents.updated, guild, 2);
  t.same(
    all.map((e) => e.settings?.version),
    [1, 2],
  );
  t.equal(await streamCount(bus), 2);
});

t.test('settings http – Idempotency-Key: a retry gets the first answer, marked replayed', async (t) => {
  const { app, bus } = await configApp(t);
  const guild = freshGuild();
  const headers = {
    ...tokenFor('900', { [guild]: 'admin' }),
    ...json,
    'if-match': '0',
    'idempotency-key': 'save-1',
  };
  const url = `/v1/guilds/${guild}/settings/voice`;
  const first = await app.inject({ method: 'PUT', url, headers, payload: { userLimit: 5 } });
  const retry = await app.inject({ method: 'PUT', url, headers, payload: { userLimit: 5 } });
  t.equal(retry.statusCode, 200, retry.body);
  t.equal(retry.headers['idempotent-replayed'], 'true');
  t.same(retry.json().settings, first.json().settings);
  t.equal(retry.json().replayed, true);
  const other = await app.inject({ method: 'PUT', url, headers, payload: { userLimit: 6 } });
  t.equal(other.statusCode, 422, 'the same key for another request');
  t.equal(await streamCount(bus), 1);
});

t.test('settings http – the module list carries each schema and its defaults', async (t) => {
  const { app } = await configApp(t);
  const guild = freshGuild();
  const res = await app.inject({
    method: 'GET',
    url: `/v1/guilds/${guild}/settings`,
    headers: tokenFor('5', { [guild]: 'staff' }),
  });
  t.equal(res.statusCode, 200);
  const modules = res.json().modules as { name: string; schema: { properties: object }; defaults: object }[];
  t.same(
    modules.map((m) => m.name),
    Object.keys(settingsModules),
  );
  const tickets = modules.find((m) => m.name === 'tickets')!;
  t.same(tickets.defaults, settingsModules.tickets.defaults);
  t.same(Object.keys(tickets.schema.properties), Object.keys(settingsModules.tickets.defaults));
});
