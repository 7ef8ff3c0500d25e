import t from 'tap';
import { fireDueTimers } from '../../src/domain/close-request-transitions.js';
import { decodeCursor, encodeCursor } from '../../src/domain/cursor.js';
import { newTicket } from '../../src/domain/open-ticket.js';
import { defaultTicketSettings, isStaffByRoles, staticTicketSettings } from '../../src/domain/settings.js';
import type { Caller } from '../../src/domain/ticket.js';
import { claimTicket, closeTicket, editTicket, reopenTicket } from '../../src/domain/ticket-transitions.js';

const now = new Date('2026-01-01T00:00:00.000Z');
const member: Caller = { guildId: '1', userId: '10', kind: 'discord', staff: false, admin: false };
const staff: Caller = { guildId: '1', userId: '20', kind: 'discord', staff: true, admin: false };
const settings = { ...defaultTicketSettings, autoCloseAfterMs: 1000 };
const opened = newTicket(
  { subject: 's' },
  { caller: member, now, settings },
  { id: 'a', number: 1, openerId: '10', category: '', categoryId: 'default', subject: 's', answers: [] },
);

t.test('domain – a claim bumps the version, stamps the first response and re-arms the timer', async (t) => {
  const later = new Date(now.getTime() + 500);
  const change = claimTicket(opened, { caller: staff, now: later, settings });
  t.equal(change?.ticket.version, 2);
  t.equal(change?.ticket.status, 'claimed');
  t.same(change?.ticket.firstResponseAt, later);
  t.same(change?.ticket.autoCloseAt, new Date(later.getTime() + 1000));
  t.throws(() => claimTicket(change!.ticket, { caller: { ...staff, userId: '21' }, now, settings }), {
    code: 'TICKET_ERR_ALREADY_CLAIMED',
  });
  t.throws(() => claimTicket(opened, { caller: member, now, settings }), { code: 'TICKET_ERR_FORBIDDEN' });
});

t.test(
  'domain – edits list changed fields; members may not change tags; no-op edits change nothing',
  async (t) => {
    t.same(editTicket(opened, { caller: member, now, settings }, { subject: 's' }), null);
    t.same(editTicket(opened, { caller: member, now, settings }, { subject: 'new' })?.event, {
      type: 'updated',
      changedFields: ['subject'],
    });
    t.throws(() => editTicket(opened, { caller: member, now, settings }, { tags: ['x'] }), {
      code: 'TICKET_ERR_FORBIDDEN',
    });
  },
);

t.test(
  'domain – close disarms the timers; reopen re-arms them; due timers close only when due',
  async (t) => {
    const closed = closeTicket(opened, { caller: member, now, settings }, 'bye')!.ticket;
    t.equal(closed.autoCloseAt, null);
    t.same(closeTicket(closed, { caller: member, now, settings }, 'again'), null);
    t.ok(reopenTicket(closed, { caller: staff, now, settings })?.ticket.autoCloseAt);
    t.same(fireDueTimers(opened, { caller: staff, now: new Date(now.getTime() + 999), settings }), null);
    const fired = fireDueTimers(opened, { caller: staff, now: new Date(now.getTime() + 1000), settings });
    t.same(fired?.event, { type: 'closed', cause: 'inactivity', closeRequest: null });
  },
);

t.test('domain – cursors round-trip and refuse another sort order or garbage', async (t) => {
  const text = encodeCursor({ sort: '-created_at', value: now.toISOString(), number: 7 });
  t.same(decodeCursor(text, '-created_at'), { sort: '-created_at', value: now.toISOString(), number: 7 });
  t.throws(() => decodeCursor(text, 'number'), { code: 'GW_ERR_VALIDATION' });
  t.throws(() => decodeCursor('%%%', 'number'), { code: 'GW_ERR_VALIDATION' });
});

t.test('domain – settings: per-guild overrides over defaults; support roles make staff', async (t) => {
  const source = staticTicketSettings({
    all: { openLimitPerUser: 5 },
    guilds: { '2': { supportRoleIds: ['9'] } },
  });
  t.equal((await source.forGuild('1')).openLimitPerUser, 5);
  const two = await source.forGuild('2');
  t.ok(isStaffByRoles(two, ['8', '9'], false));
  t.notOk(isStaffByRoles(two, ['8'], false));
  t.ok(isStaffByRoles(two, [], true));
});
