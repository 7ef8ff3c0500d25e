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
import t from 'tap';
import { buildApp } from '../src/app.js';
import { defaultTicketSettings, type TicketSettings } from '../src/domain/settings.js';
import { freshGuild, testConfig, ticketBus, ticketDb, tokenFor } from './fixtures.js';

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
  let second = await open('second');
  for (let i = 0; i < 200 && second.statusCode === 409; i++) {
    await new Promise((r) => setTimeout(r, 10));
    second = await open('second');
  }
  t.equal(second.statusCode, 201, 'the raised limit applies to the running service');
  t.equal(gets, 1, 'applied from the event: the settings were fetched once');
  t.equal((await open('third')).statusCode, 409, 'and the new limit holds');
});
