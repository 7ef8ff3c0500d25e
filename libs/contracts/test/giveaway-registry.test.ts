import t from 'tap';
import {
  audienceAdmits,
  commandSubject,
  createEventMeta,
  createMessage,
  eventSubject,
  GiveawayEntryConfirmedSchema,
  giveawayCommands,
  giveawayEvents,
  guildEvents,
  systemActor,
} from '../src/index.js';

t.test('giveaway registry – every event is registered under guild.<id>.giveaway.<event>', async (t) => {
  t.equal(eventSubject(giveawayEvents.entrantsCounted, '4242'), 'guild.4242.giveaway.entrants_counted');
  for (const def of Object.values(giveawayEvents)) t.equal(guildEvents.byType(def.type), def, def.type);
  const subjects = Object.values(giveawayCommands).map(commandSubject);
  t.equal(new Set(subjects).size, subjects.length, 'one subject per command');
  t.equal(commandSubject(giveawayCommands.setMessage), 'cmd.giveaway.set_message');
});

t.test('giveaway registry – an entry confirmation goes to its entrant only, not to staff', async (t) => {
  const event = createMessage(GiveawayEntryConfirmedSchema, {
    meta: createEventMeta({ guildId: '4242', actor: systemActor('test'), aggregateVersion: 1 }),
    entry: { giveawayId: 'g', userId: '77', weight: 1 },
  });
  const audience = giveawayEvents.entryConfirmed.audience;
  t.ok(audienceAdmits(audience, event, 'member', '77'));
  t.notOk(audienceAdmits(audience, event, 'member', '78'));
  t.notOk(audienceAdmits(audience, event, 'admin', '1'));
  t.ok(audienceAdmits(giveawayEvents.ended.audience, {} as never, 'member', '78'));
});
