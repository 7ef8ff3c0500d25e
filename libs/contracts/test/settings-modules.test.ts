import t from 'tap';
import { Type } from 'typebox';
import { Value } from 'typebox/value';
import {
  configCommands,
  configEvents,
  defineSettingsModule,
  guildEvents,
  isSettingsModuleName,
  settingsModules,
} from '../src/index.js';

t.test('settings modules – each default passes its own schema and is frozen', async (t) => {
  t.same(Object.keys(settingsModules), ['tickets', 'giveaways', 'voice', 'music']);
  for (const module of Object.values(settingsModules)) {
    t.ok(Value.Check(module.schema, module.defaults), `${module.name} defaults are valid`);
    t.ok(Object.isFrozen(module.defaults), `${module.name} defaults are frozen`);
    t.ok(module.title && module.description, `${module.name} has a title and a description`);
    // The dashboard renders forms from the schema: it must be plain JSON with a default per field.
    const schema = JSON.parse(JSON.stringify(module.schema));
    for (const [field, prop] of Object.entries(schema.properties as Record<string, { default?: unknown }>)) {
      t.not(prop.default, undefined, `${module.name}.${field} declares its default`);
    }
  }
  t.equal(settingsModules.tickets.defaults.openLimitPerUser, 3);
  t.equal(settingsModules.tickets.defaults.workingHours.timeZone, 'UTC');
  t.equal(settingsModules.giveaways.defaults.defaultRequirements.requiredRolesMode, 'any');
});

t.test('settings modules – constraints name the field that breaks them', async (t) => {
  const tickets = settingsModules.tickets;
  const bad = {
    ...tickets.defaults,
    openLimitPerUser: 0,
    supportRoleIds: ['12'],
    channelMode: 'forum',
    workingHours: { ...tickets.defaults.workingHours, ranges: [{ day: 7, start: '25:00', end: '10:00' }] },
    colour: 'red',
  };
  const paths = new Set([...Value.Errors(tickets.schema, bad)].map((e) => e.instancePath));
  for (const path of [
    '/openLimitPerUser',
    '/supportRoleIds/0',
    '/channelMode',
    '/workingHours/ranges/0/day',
  ]) {
    t.ok(paths.has(path), `${path} is reported`);
  }
  t.notOk(Value.Check(settingsModules.voice.schema, { ...settingsModules.voice.defaults, bitrate: 1 }));
  t.notOk(
    Value.Check(settingsModules.music.schema, { ...settingsModules.music.defaults, defaultVolume: 201 }),
  );
  t.notOk(
    Value.Check(settingsModules.giveaways.schema, { ...settingsModules.giveaways.defaults, maxWinners: 0 }),
  );
});

t.test(
  'settings modules – a declaration refuses an open schema, a bad name or invalid defaults',
  async (t) => {
    t.throws(
      () =>
        defineSettingsModule(
          'Bad-Name',
          { title: 'x', description: 'x' },
          Type.Object({}, { additionalProperties: false }),
        ),
      /bad settings module name/,
    );
    t.throws(
      () => defineSettingsModule('open', { title: 'x', description: 'x' }, Type.Object({})),
      /additionalProperties/,
    );
    t.throws(
      () =>
        defineSettingsModule(
          'broken',
          { title: 'x', description: 'x' },
          Type.Object({ n: Type.Integer({ minimum: 5, default: 1 }) }, { additionalProperties: false }),
        ),
      /defaults do not pass the schema \(\/n/,
    );
    t.ok(isSettingsModuleName('tickets'));
    t.notOk(isSettingsModuleName('toString'), 'not fooled by Object.prototype');
    t.notOk(isSettingsModuleName('weather'));
  },
);

t.test(
  'config contracts – the event is registered, staff and admins only; commands on cmd.config.*',
  async (t) => {
    t.equal(guildEvents.byType('config.updated'), configEvents.updated);
    t.same(configEvents.updated.audience.roles, ['staff', 'admin']);
    t.same(
      Object.values(configCommands).map((c) => `${c.service}.${c.verb}`),
      [
        'config.list_modules',
        'config.get',
        'config.update',
        'config.reset',
        'config.rollback',
        'config.history',
        'config.get_version',
      ],
    );
  },
);
