import { CommandRejectedError, requestCommand } from '@guildwire/bus';
import {
  ActorKind,
  commandSubject,
  TicketCloseCause,
  TicketPriority,
  TicketStatus,
  ticketCommands,
  ticketEvents,
} from '@guildwire/contracts';
import t from 'tap';
import { freshGuild, peerBus, ticketApp, ticketCategory } from '../fixtures.js';

const user = (id: string) => ({ kind: ActorKind.DISCORD_USER, id });
const supportRole = '4000';

async function botSetup(t: Parameters<typeof ticketApp>[0]) {
  const env = await ticketApp(t, { settings: { supportRoleIds: [supportRole] } });
  const bot = await peerBus(t, env.bus, 'bot-gateway');
  return { ...env, bot };
}

t.test(
  'commands – the bot opens, claims, comments and closes over cmd.ticket.*, events follow',
  async (t) => {
    const { bot, events } = await botSetup(t);
    const guildId = freshGuild();
    const staff = { actor: user('50'), actorRoles: { roleIds: [supportRole] } };
    const opened = await requestCommand(bot, ticketCommands.open, {
      guildId,
      actor: user('10'),
      subject: 'Need help',
      priority: TicketPriority.HIGH,
      idempotencyKey: 'interaction-1',
    });
    t.equal(opened.ticket?.number, 1);
    t.equal(opened.ticket?.status, TicketStatus.OPEN);
    const id = opened.ticket!.id;
    const replay = await requestCommand(bot, ticketCommands.open, {
      guildId,
      actor: user('10'),
      subject: 'Need help',
      priority: TicketPriority.HIGH,
      idempotencyKey: 'interaction-1',
    });
    t.equal(replay.ticket?.id, id);
    t.equal(replay.replayed, true);
    const channel = await requestCommand(bot, ticketCommands.setChannel, {
      guildId,
      actor: { kind: ActorKind.SYSTEM, id: 'bot-gateway' },
      ticketId: id,
      channelId: '777',
    });
    t.equal(channel.ticket?.channelId, '777');
    const claimed = await requestCommand(bot, ticketCommands.claim, { guildId, ...staff, ticketId: id });
    t.equal(claimed.ticket?.assigneeId, '50');
    const commented = await requestCommand(bot, ticketCommands.comment, {
      guildId,
      actor: user('10'),
      ticketId: id,
      body: 'thanks',
    });
    t.equal(commented.comment?.body, 'thanks');
    await requestCommand(bot, ticketCommands.setPriority, {
      guildId,
      ...staff,
      ticketId: id,
      priority: TicketPriority.LOW,
    });
    await requestCommand(bot, ticketCommands.requestClose, {
      guildId,
      ...staff,
      ticketId: id,
      reason: 'solved?',
    });
    const closed = await requestCommand(bot, ticketCommands.answerCloseRequest, {
      guildId,
      actor: user('10'),
      ticketId: id,
      accept: true,
    });
    t.equal(closed.ticket?.status, TicketStatus.CLOSED);
    const reopened = await requestCommand(bot, ticketCommands.reopen, { guildId, ...staff, ticketId: id });
    await requestCommand(bot, ticketCommands.close, {
      guildId,
      ...staff,
      ticketId: id,
      reason: 'really',
      expectedVersion: reopened.ticket!.version,
    });
    const details = await requestCommand(bot, ticketCommands.get, { guildId, ...staff, number: 1 });
    t.equal(details.ticket?.id, id);
    t.equal(details.comments.length, 1);
    const types = await events.waitForCount(guildId, 9);
    t.same(
      types,
      [
        'ticket.opened',
        'ticket.updated',
        'ticket.claimed',
        'ticket.comment_added',
        'ticket.priority_changed',
        'ticket.close_requested',
        'ticket.closed',
        'ticket.reopened',
        'ticket.closed',
      ],
      'one event per change; the replayed open added none',
    );
    const closes = events.of(ticketEvents.closed, guildId);
    t.same(
      closes.map((c) => c.cause),
      [TicketCloseCause.CLOSE_REQUEST_ACCEPTED, TicketCloseCause.MANUAL],
    );
    t.equal(events.of(ticketEvents.updated, guildId)[0]?.ticket?.channelId, '777');
  },
);

t.test(
  'commands – 50 concurrent claims over NATS: one winner, the rest TICKET_ERR_ALREADY_CLAIMED naming it',
  async (t) => {
    const { bot } = await botSetup(t);
    const guildId = freshGuild();
    const opened = await requestCommand(bot, ticketCommands.open, {
      guildId,
      actor: user('10'),
      subject: 'race',
    });
    const outcomes = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        requestCommand(
          bot,
          ticketCommands.claim,
          {
            guildId,
            actor: user(String(100 + i)),
            actorRoles: { roleIds: [supportRole] },
            ticketId: opened.ticket!.id,
          },
          { timeoutMs: 10_000 },
        ),
      ),
    );
    const won = outcomes.filter((o) => o.status === 'fulfilled');
    t.equal(won.length, 1);
    const winner = (won[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof requestCommand>>>).value as {
      ticket?: { assigneeId: string };
    };
    for (const o of outcomes) {
      if (o.status === 'rejected') {
        t.type(o.reason, CommandRejectedError);
        t.equal(o.reason.code, 'TICKET_ERR_ALREADY_CLAIMED');
        t.equal(o.reason.statusCode, 409);
        t.match(o.reason.message, winner.ticket!.assigneeId);
      }
    }
  },
);

t.test(
  'commands – staff standing comes from the support roles; bad input gets typed field errors',
  async (t) => {
    const { bot } = await botSetup(t);
    const guildId = freshGuild();
    const opened = await requestCommand(bot, ticketCommands.open, {
      guildId,
      actor: user('10'),
      subject: 'x',
    });
    const id = opened.ticket!.id;
    const notStaff = await requestCommand(bot, ticketCommands.claim, {
      guildId,
      actor: user('10'),
      actorRoles: { roleIds: ['1'] },
      ticketId: id,
    }).catch((e: unknown) => e);
    t.equal((notStaff as CommandRejectedError).code, 'TICKET_ERR_FORBIDDEN', 'the opener may not claim');
    t.equal((notStaff as CommandRejectedError).statusCode, 403);
    const otherMember = await requestCommand(bot, ticketCommands.claim, {
      guildId,
      actor: user('11'),
      actorRoles: { roleIds: ['1'] },
      ticketId: id,
    }).catch((e: unknown) => e);
    t.equal(
      (otherMember as CommandRejectedError).code,
      'TICKET_ERR_NOT_FOUND',
      "another member's ticket is not found, like an unknown id",
    );
    const admin = await requestCommand(bot, ticketCommands.claim, {
      guildId,
      actor: user('12'),
      actorRoles: { guildAdmin: true },
      ticketId: id,
    });
    t.equal(admin.ticket?.assigneeId, '12');
    const stale = await requestCommand(bot, ticketCommands.unclaim, {
      guildId,
      actor: user('12'),
      actorRoles: { guildAdmin: true },
      ticketId: id,
      expectedVersion: 1,
    }).catch((e: unknown) => e);
    t.equal((stale as CommandRejectedError).statusCode, 412);

    const invalid = (await requestCommand(bot, ticketCommands.open, {
      guildId: 'abc',
      actor: user('x'),
      subject: 'x'.repeat(101),
      answers: [{ label: '', value: '' }],
    }).catch((e: unknown) => e)) as CommandRejectedError;
    t.equal(invalid.code, 'GW_ERR_VALIDATION');
    t.equal(invalid.statusCode, 400);
    // A missing subject is the category's call (a form's answers can stand in for it), so it is
    // reported once the request's own fields pass.
    t.same(
      invalid.fieldErrors.map((f) => f.field).sort(),
      ['/actor/id', '/answers/0/label', '/guild_id', '/subject'],
      'every field error at once',
    );
    const fields = (await requestCommand(bot, ticketCommands.open, {
      guildId,
      actor: user('10'),
      subject: 'y'.repeat(101),
      tags: ['', 'ok'],
      priority: 9 as TicketPriority,
    }).catch((e: unknown) => e)) as CommandRejectedError;
    t.same(fields.fieldErrors.map((f) => f.field).sort(), ['/priority', '/subject', '/tags/0']);
    const unknown = (await requestCommand(bot, ticketCommands.claim, {
      guildId,
      actor: user('12'),
      actorRoles: { guildAdmin: true },
      ticketId: '0190a7c8-0000-7000-8000-000000000000',
    }).catch((e: unknown) => e)) as CommandRejectedError;
    t.equal(unknown.code, 'TICKET_ERR_NOT_FOUND');
    t.equal(unknown.statusCode, 404);
    const malformedId = (await requestCommand(bot, ticketCommands.comment, {
      guildId,
      actor: user('10'),
      ticketId: 'nope',
      body: 'x',
    }).catch((e: unknown) => e)) as CommandRejectedError;
    t.same(
      malformedId.fieldErrors.map((f) => f.field),
      ['/ticket_id'],
    );
    const garbage = await bot.nc.request(
      bot.wire(commandSubject(ticketCommands.open)),
      new Uint8Array([0xff, 0xff, 0xff]),
      { timeout: 3000 },
    );
    t.equal(
      garbage.headers?.get('Guildwire-Error'),
      'GW_ERR_BAD_REQUEST',
      'undecodable payloads are refused, the server keeps serving',
    );
    const still = await requestCommand(bot, ticketCommands.get, { guildId, actor: user('10'), ticketId: id });
    t.equal(still.ticket?.id, id);
  },
);

t.test('commands – panel_sent records the message the bot posted', async (t) => {
  const { bot, app, events } = await botSetup(t);
  const guildId = freshGuild();
  const { tokenFor } = await import('../fixtures.js');
  const created = await app.inject({
    method: 'POST',
    url: `/v1/guilds/${guildId}/panels`,
    headers: tokenFor('1', { [guildId]: 'admin' }),
    payload: { title: 'Help', channelId: '321' },
  });
  const reply = await requestCommand(bot, ticketCommands.panelSent, {
    guildId,
    actor: { kind: ActorKind.SYSTEM, id: 'bot-gateway' },
    panelId: created.json().id,
    channelId: '321',
    messageId: '999',
  });
  t.equal(reply.panel?.messageId, '999');
  const [updated] = await events.waitFor(ticketEvents.panelUpdated, guildId);
  t.same(updated?.changedFields, ['message_id']);
});

t.test(
  'commands – the bot opens into a category with answers and moves the ticket; bad answers are refused',
  async (t) => {
    const env = await ticketApp(t, {
      settings: {
        supportRoleIds: [supportRole],
        categories: [
          ticketCategory({
            id: 'billing',
            name: 'Billing',
            questions: [
              {
                label: 'Order number',
                style: 'short',
                required: true,
                placeholder: '',
                minLength: 0,
                maxLength: 10,
              },
            ],
          }),
        ],
      },
    });
    const bot = await peerBus(t, env.bus, 'bot-gateway');
    const guildId = freshGuild();
    const opened = await requestCommand(bot, ticketCommands.open, {
      guildId,
      actor: user('10'),
      categoryId: 'billing',
      answers: [{ label: 'Order number', value: 'A-77' }],
      idempotencyKey: 'press-1',
    });
    t.equal(opened.ticket?.categoryId, 'billing');
    t.equal(opened.ticket?.subject, 'A-77');
    t.same(
      opened.ticket?.answers.map((a) => a.value),
      ['A-77'],
    );

    const missing = await requestCommand(bot, ticketCommands.open, {
      guildId,
      actor: user('11'),
      categoryId: 'billing',
      answers: [],
    }).catch((err: unknown) => err);
    t.ok(missing instanceof CommandRejectedError);
    t.equal((missing as CommandRejectedError).code, 'GW_ERR_VALIDATION');
    t.same((missing as CommandRejectedError).fieldErrors, [
      { field: '/answers', message: '"Order number" is required' },
    ]);
    const tooLong = await requestCommand(bot, ticketCommands.open, {
      guildId,
      actor: user('11'),
      categoryId: 'billing',
      answers: [{ label: 'Order number', value: 'A-123456789' }],
    }).catch((err: unknown) => err);
    t.same((tooLong as CommandRejectedError).fieldErrors, [
      { field: '/answers/0/value', message: '"Order number" must be at most 10 characters' },
    ]);

    const notStaff = await requestCommand(bot, ticketCommands.move, {
      guildId,
      actor: user('10'),
      ticketId: opened.ticket!.id,
      categoryId: 'default',
    }).catch((err: unknown) => err);
    t.equal((notStaff as CommandRejectedError).code, 'TICKET_ERR_FORBIDDEN');
    const moved = await requestCommand(bot, ticketCommands.move, {
      guildId,
      actor: user('50'),
      actorRoles: { roleIds: [supportRole] },
      ticketId: opened.ticket!.id,
      categoryId: 'default',
      expectedVersion: 1,
    });
    t.equal(moved.ticket?.categoryId, 'default');
    t.equal(moved.overLimit, undefined);
    const [event] = await env.events.waitFor(ticketEvents.moved, guildId);
    t.equal(event?.previousCategoryId, 'billing');
  },
);
