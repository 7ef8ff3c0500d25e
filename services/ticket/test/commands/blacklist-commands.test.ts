import { CommandRejectedError, requestCommand } from '@guildwire/bus';
import { ActorKind, TicketBlacklistKind, ticketCommands, ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { freshGuild, peerBus, streamCount, ticketApp, tokenFor } from '../fixtures.js';

const user = (id: string) => ({ kind: ActorKind.DISCORD_USER, id });
const supportRole = '4000';
const mutedRole = '6000';

async function botSetup(t: Parameters<typeof ticketApp>[0]) {
  const env = await ticketApp(t, { settings: { supportRoleIds: [supportRole] } });
  const bot = await peerBus(t, env.bus, 'bot-gateway');
  return { ...env, bot };
}

/** The rejection of a command that must fail (a reply fails the test). */
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('the command was expected to be refused');
    },
    (e: unknown) => e as CommandRejectedError,
  );

t.test('blacklist commands – staff add and remove over NATS, members are refused', async (t) => {
  const { bot, events } = await botSetup(t);
  const guildId = freshGuild();
  const staff = { actor: user('50'), actorRoles: { roleIds: [supportRole] } };
  const added = await requestCommand(bot, ticketCommands.blacklistAdd, {
    guildId,
    ...staff,
    kind: TicketBlacklistKind.USER,
    targetId: '7001',
    reason: 'spam',
  });
  t.match(added, {
    created: true,
    changed: true,
    entry: { targetId: '7001', reason: 'spam', addedBy: '50' },
  });
  const same = await requestCommand(bot, ticketCommands.blacklistAdd, {
    guildId,
    ...staff,
    kind: TicketBlacklistKind.USER,
    targetId: '7001',
    reason: 'spam',
  });
  t.match(same, { created: false, changed: false }, 'the same add again is idempotent');

  const member = await failure(
    requestCommand(bot, ticketCommands.blacklistAdd, {
      guildId,
      actor: user('11'),
      actorRoles: { roleIds: ['1'] },
      kind: TicketBlacklistKind.USER,
      targetId: '7002',
      reason: 'x',
    }),
  );
  t.type(member, CommandRejectedError);
  t.equal(member.statusCode, 403);

  const bad = await failure(
    requestCommand(bot, ticketCommands.blacklistAdd, {
      guildId,
      ...staff,
      kind: TicketBlacklistKind.UNSPECIFIED,
      targetId: 'abc',
      reason: 'y'.repeat(501),
    }),
  );
  t.equal(bad.statusCode, 400);
  t.same(
    bad.fieldErrors.map((f) => f.field).sort(),
    ['/kind', '/reason', '/target_id'],
    'every problem at once',
  );

  const removed = await requestCommand(bot, ticketCommands.blacklistRemove, {
    guildId,
    ...staff,
    kind: TicketBlacklistKind.USER,
    targetId: '7001',
  });
  t.equal(removed.entry?.reason, 'spam');
  const missing = await failure(
    requestCommand(bot, ticketCommands.blacklistRemove, {
      guildId,
      ...staff,
      kind: TicketBlacklistKind.USER,
      targetId: '7001',
    }),
  );
  t.equal(missing.code, 'TICKET_ERR_BLACKLIST_NOT_FOUND');
  t.equal(missing.statusCode, 404);
  t.same(await events.waitForCount(guildId, 2), ['ticket.blacklist_added', 'ticket.blacklist_removed']);
});

t.test('blacklist – a blacklisted user, or role holder, cannot open; others can', async (t) => {
  const { app, bot, bus, events } = await botSetup(t);
  const guildId = freshGuild();
  const staff = { actor: user('50'), actorRoles: { roleIds: [supportRole] } };
  for (const [kind, targetId, reason] of [
    [TicketBlacklistKind.USER, '7001', 'spammed the queue'],
    [TicketBlacklistKind.ROLE, mutedRole, 'muted members wait a week'],
  ] as const) {
    await requestCommand(bot, ticketCommands.blacklistAdd, { guildId, ...staff, kind, targetId, reason });
  }
  await events.waitForCount(guildId, 2);

  const self = await failure(
    requestCommand(bot, ticketCommands.open, {
      guildId,
      actor: user('7001'),
      actorRoles: { roleIds: [] },
      subject: 'let me in',
    }),
  );
  t.equal(self.code, 'TICKET_ERR_BLACKLISTED');
  t.equal(self.statusCode, 403);
  t.same(self.details, { kind: 'user', targetId: '7001', reason: 'spammed the queue' });
  t.match(self.message, /spammed the queue/);

  const byRole = await failure(
    requestCommand(bot, ticketCommands.open, {
      guildId,
      actor: user('7002'),
      actorRoles: { roleIds: ['1', mutedRole] },
      subject: 'let me in',
    }),
  );
  t.equal(byRole.code, 'TICKET_ERR_BLACKLISTED');
  t.same(byRole.details, { kind: 'role', targetId: mutedRole, reason: 'muted members wait a week' });
  t.match(byRole.message, `holds role ${mutedRole}`);

  const onBehalf = await failure(
    requestCommand(bot, ticketCommands.open, {
      guildId,
      ...staff,
      openerId: '7001',
      subject: 'for them',
    }),
  );
  t.equal(onBehalf.code, 'TICKET_ERR_BLACKLISTED', 'staff opening on their behalf is refused too');
  t.match(onBehalf.message, 'staff may not open one on their behalf either');

  const http = await app.inject({
    method: 'POST',
    url: `/v1/guilds/${guildId}/tickets`,
    headers: tokenFor('7001', { [guildId]: 'member' }),
    payload: { subject: 'from the dashboard' },
  });
  t.equal(http.statusCode, 403);
  t.equal(http.json().error.code, 'TICKET_ERR_BLACKLISTED');
  t.equal(http.json().error.details.reason, 'spammed the queue');
  const httpBehalf = await app.inject({
    method: 'POST',
    url: `/v1/guilds/${guildId}/tickets`,
    headers: tokenFor('50', { [guildId]: 'staff' }),
    payload: { subject: 'for them', openerId: '7001' },
  });
  t.equal(httpBehalf.statusCode, 403);
  t.equal(httpBehalf.json().error.code, 'TICKET_ERR_BLACKLISTED');

  const check = await requestCommand(bot, ticketCommands.blacklistCheck, {
    guildId,
    actor: user('7002'),
    actorRoles: { roleIds: [mutedRole] },
  });
  t.equal(check.entry?.targetId, mutedRole, 'the bot can ask before showing a form');
  const clear = await requestCommand(bot, ticketCommands.blacklistCheck, {
    guildId,
    actor: user('7003'),
    actorRoles: { roleIds: ['1'] },
  });
  t.equal(clear.entry, undefined);

  const allowed = await requestCommand(bot, ticketCommands.open, {
    guildId,
    actor: user('7003'),
    actorRoles: { roleIds: ['1'] },
    subject: 'fine',
  });
  t.equal(allowed.ticket?.openerId, '7003', 'someone not listed opens as before');
  const [opened] = await events.waitFor(ticketEvents.opened, guildId);
  t.equal(opened?.ticket?.openerId, '7003');
  t.equal(await streamCount(bus), 3, 'the refused opens emitted nothing');

  await requestCommand(bot, ticketCommands.blacklistRemove, {
    guildId,
    ...staff,
    kind: TicketBlacklistKind.USER,
    targetId: '7001',
  });
  const back = await requestCommand(bot, ticketCommands.open, {
    guildId,
    actor: user('7001'),
    subject: 'thanks',
  });
  t.equal(back.ticket?.openerId, '7001', 'removed from the blacklist: opens again');
});
