import { CommandRejectedError, requestCommand } from '@guildwire/bus';
import { ActorKind, ticketCommands, ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { freshGuild, peerBus, ticketApp } from '../fixtures.js';

const supportRole = '4000';
const user = (id: string) => ({ kind: ActorKind.DISCORD_USER, id });

t.test(
  'commands – tags over cmd.ticket.tag_*: admins write, staff list and use, members are refused',
  async (t) => {
    const env = await ticketApp(t, { settings: { supportRoleIds: [supportRole] } });
    const bot = await peerBus(t, env.bus, 'bot-gateway');
    const guildId = freshGuild();
    const admin = { guildId, actor: user('1'), actorRoles: { roleIds: [], guildAdmin: true } };
    const staff = { guildId, actor: user('2'), actorRoles: { roleIds: [supportRole], guildAdmin: false } };
    const member = { guildId, actor: user('3'), actorRoles: { roleIds: [], guildAdmin: false } };

    const created = await requestCommand(bot, ticketCommands.tagCreate, {
      ...admin,
      name: 'Refund',
      content: 'Refunds take 5 days.',
      keywords: ['refund'],
    });
    t.equal(created.tag?.name, 'refund');
    await requestCommand(bot, ticketCommands.tagCreate, {
      ...admin,
      name: 'reopen',
      content: 'Press reopen.',
    });
    await requestCommand(bot, ticketCommands.tagCreate, { ...admin, name: 'hello', content: 'Hi!' });
    const dup = await requestCommand(bot, ticketCommands.tagCreate, {
      ...admin,
      name: 'REFUND',
      content: 'x',
    }).catch((e: unknown) => e);
    t.ok(
      dup instanceof CommandRejectedError && dup.code === 'TICKET_ERR_TAG_EXISTS',
      'duplicate → TICKET_ERR_TAG_EXISTS',
    );
    const byStaff = await requestCommand(bot, ticketCommands.tagCreate, {
      ...staff,
      name: 'x',
      content: 'x',
    }).catch((e: unknown) => e);
    t.ok(
      byStaff instanceof CommandRejectedError && byStaff.code === 'TICKET_ERR_FORBIDDEN',
      'staff may not create',
    );

    // The autocomplete's read: by prefix, in name order, bounded.
    const listed = await requestCommand(bot, ticketCommands.tagList, { ...staff, prefix: 'RE', limit: 25 });
    t.same(
      listed.tags.map((x) => x.name),
      ['refund', 'reopen'],
    );
    const all = await requestCommand(bot, ticketCommands.tagList, { ...staff });
    t.equal(all.tags.length, 3);
    const byMember = await requestCommand(bot, ticketCommands.tagList, { ...member }).catch(
      (e: unknown) => e,
    );
    t.ok(
      byMember instanceof CommandRejectedError && byMember.code === 'TICKET_ERR_FORBIDDEN',
      'members may not list',
    );
    const tooMany = await requestCommand(bot, ticketCommands.tagList, { ...staff, limit: 1000 }).catch(
      (e: unknown) => e,
    );
    t.ok(tooMany instanceof CommandRejectedError && tooMany.code === 'GW_ERR_VALIDATION');

    // /tag in a ticket: a staff reply carrying the tag.
    const opened = await requestCommand(bot, ticketCommands.open, { ...member, subject: 'money' });
    const ticketId = opened.ticket!.id;
    await requestCommand(bot, ticketCommands.setChannel, {
      guildId,
      actor: { kind: ActorKind.SYSTEM, id: 'bot-gateway' },
      ticketId,
      channelId: '777',
    });
    const used = await requestCommand(bot, ticketCommands.tagUse, {
      ...staff,
      ticketId,
      name: 'Refund',
      idempotencyKey: 'ix-1',
    });
    t.equal(used.reply?.content, 'Refunds take 5 days.');
    t.equal(used.reply?.tagName, 'refund');
    t.equal(used.reply?.authorId, '2');
    const unknown = await requestCommand(bot, ticketCommands.tagUse, {
      ...staff,
      ticketId,
      name: 'nope',
    }).catch((e: unknown) => e);
    t.ok(unknown instanceof CommandRejectedError && unknown.code === 'TICKET_ERR_TAG_NOT_FOUND');
    const memberUse = await requestCommand(bot, ticketCommands.tagUse, {
      ...member,
      ticketId,
      name: 'hello',
    }).catch((e: unknown) => e);
    t.ok(memberUse instanceof CommandRejectedError && memberUse.code === 'TICKET_ERR_FORBIDDEN');

    const updated = await requestCommand(bot, ticketCommands.tagUpdate, {
      ...admin,
      tagId: created.tag!.id,
      content: 'Refunds take 3 days.',
      hasKeywords: true,
      keywords: [],
      expectedVersion: 1,
    });
    t.equal(updated.tag?.version, 2);
    t.same(updated.tag?.keywords, []);
    const deleted = await requestCommand(bot, ticketCommands.tagDelete, { ...admin, tagId: created.tag!.id });
    t.equal(deleted.tag?.version, 3);
    const [requested] = await env.events.waitFor(ticketEvents.replyRequested, guildId);
    t.equal(requested?.reply?.tagName, 'refund');
    await env.events.waitFor(ticketEvents.tagDeleted, guildId);
    t.equal(env.events.of(ticketEvents.tagCreated, guildId).length, 3);
    t.equal(env.events.of(ticketEvents.tagUpdated, guildId).length, 1);
  },
);
