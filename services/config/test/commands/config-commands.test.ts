import { type CommandRejectedError, requestCommand } from '@guildwire/bus';
import {
  ActorKind,
  commandSubject,
  configCommands,
  configEvents,
  SettingsChangeKind,
  settingsModules,
} from '@guildwire/contracts';
import t from 'tap';
import { configApp, freshGuild, peerBus, streamCount } from '../fixtures.js';

const user = (id: string) => ({ kind: ActorKind.DISCORD_USER, id });
const bot = { kind: ActorKind.SYSTEM, id: 'bot-gateway' };
const adminUser = { actor: user('900000000000000001'), actorPermissions: { guildAdmin: true } };
const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as CommandRejectedError,
  );

async function botSetup(t: Parameters<typeof configApp>[0]) {
  const env = await configApp(t);
  // The bot is another process: its own connection, no server of its own.
  return { ...env, bot: await peerBus(t, env.bus, 'bot-gateway') };
}

t.test('commands – every operation over cmd.config.*, each change one event', async (t) => {
  const { bot: nats, events, bus } = await botSetup(t);
  const guildId = freshGuild();
  const base = { guildId, module: 'voice' };

  const list = await requestCommand(nats, configCommands.listModules, {});
  t.same(
    list.modules.map((m) => m.name),
    Object.keys(settingsModules),
  );
  t.same(list.modules.find((m) => m.name === 'voice')?.defaults, settingsModules.voice.defaults);

  const initial = await requestCommand(nats, configCommands.get, { ...base, actor: bot });
  t.equal(initial.settings?.version, 0);
  t.same(initial.settings?.settings, settingsModules.voice.defaults);

  const replaced = await requestCommand(nats, configCommands.update, {
    ...base,
    ...adminUser,
    settings: { lobbyChannelId: '123456789012345678', userLimit: 4 },
    expectedVersion: 0,
    reason: '/config voice',
    idempotencyKey: 'interaction-1',
  });
  t.equal(replaced.settings?.version, 1);
  t.equal(replaced.settings?.updatedBy, '900000000000000001');
  t.same(replaced.settings?.settings, {
    ...settingsModules.voice.defaults,
    lobbyChannelId: '123456789012345678',
    userLimit: 4,
  });
  const replay = await requestCommand(nats, configCommands.update, {
    ...base,
    ...adminUser,
    settings: { lobbyChannelId: '123456789012345678', userLimit: 4 },
    expectedVersion: 0,
    reason: '/config voice',
    idempotencyKey: 'interaction-1',
  });
  t.equal(replay.replayed, true, 'a retried interaction is applied once');
  t.same(replay.settings, replaced.settings);

  const patched = await requestCommand(nats, configCommands.update, {
    ...base,
    actor: bot,
    settings: { bitrate: 96_000, userLimit: null },
    patch: true,
    expectedVersion: 1,
  });
  t.equal(patched.settings?.version, 2);
  t.equal(patched.settings?.settings?.userLimit, 0, 'null: back to the default');
  t.equal(patched.settings?.settings?.bitrate, 96_000);

  const rolled = await requestCommand(nats, configCommands.rollback, {
    ...base,
    ...adminUser,
    toVersion: 1,
    expectedVersion: 2,
  });
  t.equal(rolled.settings?.version, 3);
  t.same(rolled.settings?.settings, replaced.settings?.settings);

  const reset = await requestCommand(nats, configCommands.reset, {
    ...base,
    ...adminUser,
    expectedVersion: 3,
  });
  t.equal(reset.settings?.version, 4);
  t.same(reset.settings?.settings, settingsModules.voice.defaults);

  const page = await requestCommand(nats, configCommands.history, { ...base, actor: bot, limit: 3 });
  t.same(
    page.versions.map((v) => [v.settings?.version, v.kind]),
    [
      [4, SettingsChangeKind.RESET],
      [3, SettingsChangeKind.ROLLBACK],
      [2, SettingsChangeKind.UPDATE],
    ],
  );
  const rest = await requestCommand(nats, configCommands.history, {
    ...base,
    actor: bot,
    limit: 3,
    cursor: page.nextCursor,
  });
  t.same(
    rest.versions.map((v) => v.settings?.version),
    [1],
  );
  t.equal(rest.nextCursor, '');
  t.equal(rest.versions[0]?.reason, '/config voice');
  t.same(
    rest.versions[0]?.changes.map((c) => c.path),
    ['/lobbyChannelId', '/userLimit'],
  );

  const one = await requestCommand(nats, configCommands.getVersion, { ...base, actor: bot, version: 2 });
  t.equal(one.version?.settings?.settings?.bitrate, 96_000);
  t.equal(one.version?.settings?.updatedBy, 'bot-gateway');

  const updates = await events.waitFor(configEvents.updated, guildId, 4);
  t.same(
    updates.map((e) => e.settings?.version),
    [1, 2, 3, 4],
  );
  t.equal(updates[1]?.meta?.actor?.kind, ActorKind.SYSTEM);
  t.equal(updates[0]?.meta?.actor?.id, '900000000000000001');
  t.equal(await streamCount(bus), 4, 'the replay published nothing');
});

t.test(
  'commands – the same errors as HTTP, typed; garbage is refused and the server keeps serving',
  async (t) => {
    const { bot: nats } = await botSetup(t);
    const guildId = freshGuild();
    const base = { guildId, module: 'tickets' };

    const unknown = await rejection(
      requestCommand(nats, configCommands.get, { guildId, module: 'moderation', actor: bot }),
    );
    t.equal(unknown?.code, 'CONFIG_ERR_UNKNOWN_MODULE');
    t.equal(unknown?.statusCode, 404);

    const noVersion = await rejection(
      requestCommand(nats, configCommands.update, {
        ...base,
        ...adminUser,
        settings: { openLimitPerUser: 2 },
      }),
    );
    t.equal(noVersion?.statusCode, 428, 'expected_version is required');

    const member = await rejection(
      requestCommand(nats, configCommands.update, {
        ...base,
        actor: user('100000000000000001'),
        actorPermissions: { roleIds: ['1'], guildAdmin: false },
        settings: { openLimitPerUser: 2 },
        expectedVersion: 0,
      }),
    );
    t.equal(member?.code, 'GW_ERR_FORBIDDEN', 'writes need guild_admin or the system');

    const invalid = await rejection(
      requestCommand(nats, configCommands.update, {
        ...base,
        ...adminUser,
        settings: { openLimitPerUser: 0, channelMode: 'forum', nope: true },
        expectedVersion: 0,
      }),
    );
    t.equal(invalid?.code, 'GW_ERR_VALIDATION');
    t.same(
      new Set(invalid?.fieldErrors),
      new Set([
        { field: '/nope', message: 'is not allowed' },
        { field: '/openLimitPerUser', message: 'must be >= 1' },
        { field: '/channelMode', message: 'must be one of thread, channel' },
      ]),
    );

    const huge = await rejection(
      requestCommand(nats, configCommands.update, {
        ...base,
        ...adminUser,
        settings: { welcomeMessage: 'x'.repeat(70_000) },
        expectedVersion: 0,
      }),
    );
    t.equal(huge?.code, 'GW_ERR_PAYLOAD_TOO_LARGE', 'the HTTP body limit holds over NATS too');

    const envelope = await rejection(requestCommand(nats, configCommands.get, { guildId: 'x', module: '' }));
    t.same(
      envelope?.fieldErrors.map((f) => f.field),
      ['/guild_id', '/module', '/actor/kind', '/actor/id'],
    );

    await requestCommand(nats, configCommands.update, {
      ...base,
      actor: bot,
      settings: {},
      expectedVersion: 0,
    });
    const noRollbackTarget = await rejection(
      requestCommand(nats, configCommands.rollback, {
        ...base,
        ...adminUser,
        toVersion: 9,
        expectedVersion: 0,
      }),
    );
    t.equal(noRollbackTarget?.statusCode, 404, 'no version 9 (and no write made by the default no-op)');

    const garbage = await nats.nc.request(
      nats.wire(commandSubject(configCommands.update)),
      new Uint8Array([0xff, 0xff, 0xff]),
      {
        timeout: 3000,
      },
    );
    t.equal(
      garbage.headers?.get('Guildwire-Error'),
      'GW_ERR_BAD_REQUEST',
      'an undecodable payload: a typed error',
    );
    const still = await requestCommand(nats, configCommands.get, { ...base, actor: bot });
    t.equal(still.settings?.module, 'tickets', 'and the server keeps serving');
  },
);
