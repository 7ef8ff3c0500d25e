import { CommandRejectedError, requestCommand } from '@guildwire/bus';
import { ActorKind, ticketCommands, ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { answerMemberRoles, freshGuild, peerBus, ticketApp } from '../fixtures.js';

const user = (id: string) => ({ kind: ActorKind.DISCORD_USER, id });
const supportRole = '4000';
const staff = { actor: user('50'), actorRoles: { roleIds: [supportRole] } };
const otherStaff = { actor: user('51'), actorRoles: { roleIds: [supportRole] } };

async function rejection(promise: Promise<unknown>): Promise<CommandRejectedError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof CommandRejectedError) return err;
    throw err;
  }
  throw new Error('the command was not rejected');
}

t.test('commands – the bot adds and removes members and transfers over cmd.ticket.*', async (t) => {
  const env = await ticketApp(t, { settings: { supportRoleIds: [supportRole] } });
  const bot = await peerBus(t, env.bus, 'bot-gateway');
  await answerMemberRoles(t, bot, { '10': {}, '20': {}, '51': { roleIds: [supportRole] } });
  const guildId = freshGuild();
  const opened = await requestCommand(bot, ticketCommands.open, {
    guildId,
    actor: user('10'),
    subject: 'Hi',
  });
  const ticketId = opened.ticket!.id;

  const added = await requestCommand(bot, ticketCommands.addMember, {
    guildId,
    ...staff,
    ticketId,
    memberId: '20',
  });
  t.same(added.ticket?.memberIds, ['20']);
  const retried = await requestCommand(bot, ticketCommands.addMember, {
    guildId,
    ...staff,
    ticketId,
    memberId: '20',
  });
  t.equal(retried.ticket?.version, added.ticket?.version, 'adding again changes nothing');
  const notInGuild = await rejection(
    requestCommand(bot, ticketCommands.addMember, { guildId, ...staff, ticketId, memberId: '30' }),
  );
  t.equal(notInGuild.code, 'TICKET_ERR_MEMBER_NOT_IN_GUILD');
  t.equal(notInGuild.statusCode, 422);
  const byMember = await rejection(
    requestCommand(bot, ticketCommands.addMember, { guildId, actor: user('10'), ticketId, memberId: '20' }),
  );
  t.equal(byMember.code, 'TICKET_ERR_FORBIDDEN');
  const opener = await rejection(
    requestCommand(bot, ticketCommands.removeMember, { guildId, ...staff, ticketId, memberId: '10' }),
  );
  t.equal(opener.code, 'TICKET_ERR_MEMBER_IS_OPENER');
  const badFields = await rejection(
    requestCommand(bot, ticketCommands.addMember, { guildId, ...staff, ticketId: 'x', memberId: '' }),
  );
  t.same(badFields.fieldErrors.map((f) => f.field).sort(), ['/member_id', '/ticket_id']);
  const removed = await requestCommand(bot, ticketCommands.removeMember, {
    guildId,
    ...staff,
    ticketId,
    memberId: '20',
  });
  t.same(removed.ticket?.memberIds, []);

  const unclaimed = await rejection(
    requestCommand(bot, ticketCommands.transfer, { guildId, ...staff, ticketId, toUserId: '51' }),
  );
  t.equal(unclaimed.code, 'TICKET_ERR_NOT_CLAIMED');
  const claimed = await requestCommand(bot, ticketCommands.claim, { guildId, ...staff, ticketId });
  const notStaff = await rejection(
    requestCommand(bot, ticketCommands.transfer, { guildId, ...staff, ticketId, toUserId: '20' }),
  );
  t.equal(notStaff.code, 'TICKET_ERR_TARGET_NOT_STAFF');
  const transferred = await requestCommand(bot, ticketCommands.transfer, {
    guildId,
    ...staff,
    ticketId,
    toUserId: '51',
    expectedVersion: claimed.ticket!.version,
  });
  t.equal(transferred.ticket?.assigneeId, '51');
  const stale = await rejection(
    requestCommand(bot, ticketCommands.transfer, {
      guildId,
      ...otherStaff,
      ticketId,
      toUserId: '50',
      expectedVersion: claimed.ticket!.version,
    }),
  );
  t.equal(stale.statusCode, 412);

  const [add] = await env.events.waitFor(ticketEvents.memberAdded, guildId);
  t.equal(add?.memberId, '20');
  t.equal(add?.meta?.actor?.kind, ActorKind.DISCORD_USER);
  const [remove] = await env.events.waitFor(ticketEvents.memberRemoved, guildId);
  t.equal(remove?.memberId, '20');
  const [moved] = await env.events.waitFor(ticketEvents.transferred, guildId);
  t.equal(moved?.previousAssigneeId, '50');
  t.equal(moved?.ticket?.assigneeId, '51');
});
