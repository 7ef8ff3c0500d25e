import t from 'tap';
import {
  allPresenceFilter,
  commandSubject,
  eventSubject,
  guildEvents,
  guildEventsFilter,
  parseEventSubject,
  parsePresenceSubject,
  presenceSubject,
  presenceSyncSubject,
  SubjectTokenError,
  ticketCommands,
  ticketEvents,
} from '../../src/index.js';

t.test('subjects – every declared event round-trips through its subject', async (t) => {
  t.ok(guildEvents.all.length >= 11);
  for (const def of guildEvents.all) {
    const subject = eventSubject(def, '4242');
    t.match(subject, /^guild\.4242\.[a-z_]+\.[a-z_]+$/);
    const back = guildEvents.resolve(subject);
    t.equal(back?.guildId, '4242', subject);
    t.equal(back?.def, def, subject);
  }
});

t.test('subjects – the claimed event has the documented subject', async (t) => {
  t.equal(eventSubject(ticketEvents.claimed, '4242'), 'guild.4242.ticket.claimed');
  t.equal(eventSubject(ticketEvents.priorityChanged, '1'), 'guild.1.ticket.priority_changed');
  t.equal(guildEventsFilter('4242'), 'guild.4242.>');
  t.equal(commandSubject(ticketCommands.open), 'cmd.ticket.open');
});

t.test('subjects – guild ids that would break a subject are refused', async (t) => {
  for (const bad of ['', '42.43', '*', '>', '42 43', 'abc', '1'.repeat(21)]) {
    t.throws(() => eventSubject(ticketEvents.opened, bad), SubjectTokenError, JSON.stringify(bad));
    t.throws(() => guildEventsFilter(bad), SubjectTokenError);
  }
});

t.test('subjects – malformed or unknown subjects do not resolve', async (t) => {
  for (const s of [
    'guild.4242.ticket',
    'guild.x.ticket.opened',
    'cmd.ticket.open',
    'guild.4242.ticket.nope',
    'guild..ticket.opened',
    'guild.4242.ticket.opened.extra',
  ]) {
    t.equal(guildEvents.resolve(s), undefined, s);
  }
  t.same(parseEventSubject('guild.7.giveaway.ended'), { guildId: '7', type: 'giveaway.ended' });
});

t.test('registry – a type declared twice is refused', async (t) => {
  const { createEventRegistry } = await import('../../src/index.js');
  t.throws(() => createEventRegistry([ticketEvents.opened, ticketEvents.opened]), /declared twice/);
});

t.test('subjects – presence subjects stay outside the GUILD_EVENTS stream and parse back', async (t) => {
  t.equal(presenceSubject('4242'), 'presence.4242');
  t.notOk(presenceSubject('4242').startsWith('guild.'), 'never captured by the stream (guild.>)');
  t.equal(allPresenceFilter, 'presence.*');
  t.equal(parsePresenceSubject('presence.4242'), '4242');
  for (const s of [presenceSyncSubject, 'presence.4242.x', 'guild.4242', 'presence.', 'presence.abc']) {
    t.equal(parsePresenceSubject(s), undefined, s);
  }
  t.throws(() => presenceSubject('42.43'), SubjectTokenError);
});
