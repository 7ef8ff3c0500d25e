import { settingsModules } from '@guildwire/contracts';
import { isGuildwireError } from '@guildwire/errors';
import t from 'tap';
import { isTimeZone } from '../../src/domain/module-rules.js';
import { type ReferenceCheck, referencesOf } from '../../src/domain/references.js';
import { createSettingsValidator } from '../../src/domain/validate-settings.js';

const { tickets, giveaways } = settingsModules;
const guild = '424242424242424242';
const role = '111111111111111111';
const role2 = '222222222222222222';

async function fieldErrors(run: () => Promise<void>) {
  try {
    await run();
  } catch (err) {
    if (isGuildwireError(err) && err.code === 'GW_ERR_VALIDATION') return err.details;
    throw err;
  }
  return [];
}

const validator = createSettingsValidator({ check: async () => [] });

t.test('validate – every module accepts its own defaults', async (t) => {
  for (const module of Object.values(settingsModules)) {
    t.same(
      await fieldErrors(() => validator.check(guild, module, structuredClone(module.defaults) as never)),
      [],
    );
  }
});

t.test(
  'validate – every invalid field is named at once, by JSON pointer, one readable message each',
  async (t) => {
    const settings = {
      ...structuredClone(tickets.defaults),
      openLimitPerUser: 0,
      channelMode: 'forum',
      supportRoleIds: ['12', role, role],
      autoCloseAfterMs: '7d',
      color: 'red',
      workingHours: { ...tickets.defaults.workingHours, ranges: [{ day: 7, start: '9:00', end: '17:00' }] },
    };
    const errors = await fieldErrors(() => validator.check(guild, tickets, settings as never));
    t.same(
      new Set(errors as unknown[]),
      new Set([
        { field: '/color', message: 'is not allowed' },
        { field: '/openLimitPerUser', message: 'must be >= 1' },
        { field: '/supportRoleIds/0', message: 'must be a Discord id (17 to 20 digits)' },
        { field: '/supportRoleIds', message: 'must not list an item twice' },
        { field: '/channelMode', message: 'must be one of thread, channel' },
        { field: '/autoCloseAfterMs', message: 'must be integer' },
        { field: '/workingHours/ranges/0/day', message: 'must be <= 6' },
        { field: '/workingHours/ranges/0/start', message: 'must be a time of day, HH:MM (24-hour clock)' },
      ]),
    );
  },
);

t.test('validate – rules beyond the schema: time zone, range order, overlapping roles', async (t) => {
  t.ok(isTimeZone('Europe/Berlin'));
  t.notOk(isTimeZone('Mars/Olympus_Mons'));
  const ticketSettings = {
    ...structuredClone(tickets.defaults),
    categoryId: role,
    overflowCategoryIds: [role2, role],
    workingHours: {
      ...tickets.defaults.workingHours,
      timeZone: 'Mars/Olympus_Mons',
      ranges: [
        { day: 1, start: '09:00', end: '17:00' },
        { day: 2, start: '18:00', end: '08:00' },
      ],
    },
  };
  t.same(await fieldErrors(() => validator.check(guild, tickets, ticketSettings as never)), [
    { field: '/workingHours/timeZone', message: 'must be an IANA time zone such as Europe/Berlin' },
    { field: '/workingHours/ranges/1/end', message: 'must be after start' },
    { field: '/overflowCategoryIds', message: 'must not repeat categoryId' },
  ]);
  const giveawaySettings = structuredClone(giveaways.defaults) as Record<string, unknown>;
  giveawaySettings.defaultRequirements = {
    ...giveaways.defaults.defaultRequirements,
    requiredRoleIds: [role],
    excludedRoleIds: [role],
  };
  t.same(await fieldErrors(() => validator.check(guild, giveaways, giveawaySettings as never)), [
    { field: '/defaultRequirements/excludedRoleIds', message: 'must not name a required role' },
  ]);
});

t.test('validate – the reference hook gets every Discord id with its path and kind', async (t) => {
  const settings = {
    ...structuredClone(tickets.defaults),
    supportRoleIds: [role, role2],
    transcriptChannelId: '333333333333333333',
    categoryId: '444444444444444444',
  };
  t.same(referencesOf(tickets.schema, settings as never), [
    { path: '/supportRoleIds/0', id: role, kind: 'role' },
    { path: '/supportRoleIds/1', id: role2, kind: 'role' },
    { path: '/categoryId', id: '444444444444444444', kind: 'category' },
    { path: '/transcriptChannelId', id: '333333333333333333', kind: 'channel' },
  ]);
  const seen: unknown[] = [];
  const gateway: ReferenceCheck = {
    check: async (guildId, module, references) => {
      seen.push({ guildId, module, count: references.length });
      return references
        .filter((r) => r.id === role2)
        .map((r) => ({ field: r.path, message: 'is not a role of the guild' }));
    },
  };
  const errors = await fieldErrors(() =>
    createSettingsValidator(gateway).check(guild, tickets, settings as never),
  );
  t.same(errors, [{ field: '/supportRoleIds/1', message: 'is not a role of the guild' }]);
  t.same(seen, [{ guildId: guild, module: 'tickets', count: 4 }]);
});
