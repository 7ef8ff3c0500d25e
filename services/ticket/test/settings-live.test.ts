import { fileURLToPath } from 'node:url';
import type { JsonObject } from '@bufbuild/protobuf';
import { bindCommand, publishEvent, serveCommands } from '@guildwire/bus';
import {
  ConfigUpdatedSchema,
  configCommands,
  configEvents,
  createEventMeta,
  createMessage,
  SettingsChangeKind,
  systemActor,
} from '@guildwire/contracts';
import { spawnService, waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { buildApp } from '../src/app.js';
import { defaultTicketSettings, type TicketSettings } from '../src/domain/settings.js';
import { freshGuild, jwtSecret, testConfig, ticketBus, ticketDb, tokenFor } from './fixtures.js';

const configMain = fileURLToPath(new URL('../../config/src/main.ts', import.meta.url));

t.test('settings – a tickets module change applies at once, without a restart', async (t) => {
  const { db } = await ticketDb(t);
  const bus = await ticketBus(t);
  const guild = freshGuild();
  // The config service's side on the bus: cmd.config.get answers, config.updated announces changes.
  let current = { version: 1, settings: { ...defaultTicketSettings, openLimitPerUser: 1 } as TicketSettings };
  let gets = 0;
  const config = await serveCommands(bus, { name: 'config', version: '0.0.0' }, [
    bindCommand(configCommands.get, async (req) => {
      gets++;
      return {
        settings: {
          guildId: req.guildId,
          module: req.module,
          version: current.version,
          settings: current.settings as unknown as JsonObject,
        },
      };
    }),
  ]);
  t.teardown(() => config.stop());
  const app = await buildApp(testConfig(), { db, bus, logger: { level: 'silent' }, timers: false });
  t.teardown(() => app.close());

  const open = (subject: string) =>
    app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/tickets`,
      headers: tokenFor('100', { [guild]: 'member' }),
      payload: { subject },
    });
  t.equal((await open('first')).statusCode, 201);
  const refused = await open('second');
  t.equal(refused.statusCode, 409, 'the guild allows one open ticket per member');
  t.match(refused.json().error.code, /OPEN_LIMIT/);

  current = { version: 2, settings: { ...current.settings, openLimitPerUser: 2 } };
  await publishEvent(
    bus,
    configEvents.updated,
    createMessage(ConfigUpdatedSchema, {
      meta: createEventMeta({ guildId: guild, actor: systemActor('test'), aggregateVersion: 2 }),
      settings: {
        guildId: guild,
        module: 'tickets',
        version: 2,
        settings: current.settings as unknown as JsonObject,
      },
      kind: SettingsChangeKind.UPDATE,
    }),
  );
  await waitUntil('version 2 applied', async () =>
    app.settings.peek(guild, 'tickets')?.version === 2 ? true : undefined,
  );
  const second = await open('second');
  t.equal(second.statusCode, 201, 'the raised limit applies to the running service');
  t.equal(gets, 1, 'applied from the event: the settings were fetched once');
  t.equal((await open('third')).statusCode, 409, 'and the new limit holds');
});

t.test('settings – the open limit changed over the config service HTTP API applies live', async (t) => {
  const { db, url: databaseUrl } = await ticketDb(t);
  const bus = await ticketBus(t);
  const guild = freshGuild();
  // The real config service, as its own process (services never import each other).
  const { child, url: configUrl } = await spawnService(configMain, {
    t,
    env: {
      NATS_URL: `nats://${bus.nc.getServer().replace(/^nats:\/\//, '')}`,
      NATS_NAMESPACE: bus.namespace,
      DATABASE_URL: databaseUrl,
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'warn',
    },
  });
  const app = await buildApp(testConfig(), { db, bus, logger: { level: 'silent' }, timers: false });
  t.teardown(() => app.close());

  const open = (subject: string) =>
    app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/tickets`,
      headers: tokenFor('100', { [guild]: 'member' }),
      payload: { subject },
    });
  /** The change has travelled config service → outbox → stream → this service's settings client. */
  const applied = (version: number) =>
    waitUntil(`version ${version} applied`, async () =>
      app.settings.peek(guild, 'tickets')?.version === version ? true : undefined,
    );
  const setLimit = (limit: number, version: number) =>
    fetch(`${configUrl}/v1/guilds/${guild}/settings/tickets`, {
      method: 'PATCH',
      headers: {
        ...tokenFor('900', { [guild]: 'admin' }),
        'content-type': 'application/merge-patch+json',
        'if-match': String(version),
      },
      body: JSON.stringify({ openLimitPerUser: limit }),
    });

  t.equal((await open('first')).statusCode, 201, 'the default limit (3) allows a first ticket');
  t.equal((await setLimit(1, 0)).status, 200);
  await applied(1);
  const refused = await open('second');
  t.equal(refused.statusCode, 409, 'limit 1, set on the config service, refuses a second ticket');
  t.match(refused.json().error.code, /OPEN_LIMIT/);
  t.equal((await setLimit(2, 1)).status, 200);
  await applied(2);
  t.equal((await open('second')).statusCode, 201, 'limit 2 allows it, without a restart');
  t.equal((await open('third')).statusCode, 409, 'and holds at two');
  await child.kill();
});
