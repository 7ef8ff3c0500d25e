import { TicketStatus, ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { as, freshGuild, ticketEnv } from '../fixtures.js';

t.test(
  'open – a ticket gets number 1, version 1 and publishes ticket.opened with its snapshot',
  async (t) => {
    const env = await ticketEnv(t);
    const guild = freshGuild();
    const { ticket } = await env.tickets.open(as.member(guild, '101'), {
      subject: 'Printer on fire',
      description: 'help',
      tags: ['hw'],
    });
    t.equal(ticket.number, 1);
    t.equal(ticket.version, 1);
    t.equal(ticket.status, 'open');
    const [opened] = await env.events.waitFor(ticketEvents.opened, guild);
    t.equal(opened?.meta?.aggregateVersion, 1);
    t.equal(opened?.meta?.guildId, guild);
    t.equal(opened?.ticket?.id, ticket.id);
    t.equal(opened?.ticket?.subject, 'Printer on fire');
    t.equal(opened?.ticket?.status, TicketStatus.OPEN);
    t.same(opened?.ticket?.tags, ['hw']);
    t.equal(opened?.ticket?.openerId, '101');
  },
);

t.test(
  'open – 50 concurrent opens in one guild get distinct consecutive numbers and 50 events',
  async (t) => {
    const env = await ticketEnv(t, { settings: { openLimitPerUser: 100 } });
    const guild = freshGuild();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        env.tickets.open(as.member(guild, String(200 + (i % 7))), { subject: `t${i}` }),
      ),
    );
    const numbers = results.map((r) => r.ticket.number).sort((a, b) => a - b);
    t.same(
      numbers,
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
    const events = await env.events.waitFor(ticketEvents.opened, guild, 50);
    t.same(
      events.map((e) => e.ticket?.number).sort((a, b) => (a ?? 0) - (b ?? 0)),
      numbers,
    );
  },
);

t.test('open – a number given back by a failed open is reused (no gap)', async (t) => {
  const env = await ticketEnv(t, { settings: { openLimitPerUser: 1 } });
  const guild = freshGuild();
  await env.tickets.open(as.member(guild, '1'), { subject: 'a' });
  await t.rejects(env.tickets.open(as.member(guild, '1'), { subject: 'b' }), {
    code: 'TICKET_ERR_OPEN_LIMIT',
    statusCode: 409,
  });
  const { ticket } = await env.tickets.open(as.member(guild, '2'), { subject: 'c' });
  t.equal(ticket.number, 2);
});

t.test(
  'open – two different opens by one user at the same instant with limit 1 give one ticket',
  async (t) => {
    const env = await ticketEnv(t, { settings: { openLimitPerUser: 1 } });
    for (let round = 0; round < 5; round++) {
      const guild = freshGuild();
      const outcomes = await Promise.allSettled([
        env.tickets.open(as.member(guild, '77'), { subject: 'first' }),
        env.tickets.open(as.member(guild, '77'), { subject: 'second' }),
      ]);
      t.equal(
        outcomes.filter((o) => o.status === 'fulfilled').length,
        1,
        `round ${round}: one open succeeds`,
      );
      const rejected = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
      t.equal(rejected.reason.code, 'TICKET_ERR_OPEN_LIMIT');
      const rows = await env.db.selectFrom('tickets').select('id').where('guild_id', '=', guild).execute();
      t.equal(rows.length, 1);
    }
  },
);

t.test('open – a closed ticket no longer counts toward the open limit', async (t) => {
  const env = await ticketEnv(t, { settings: { openLimitPerUser: 1 } });
  const guild = freshGuild();
  const first = await env.tickets.open(as.member(guild, '5'), { subject: 'a' });
  await env.tickets.close(as.member(guild, '5'), first.ticket.id, 'solved');
  const second = await env.tickets.open(as.member(guild, '5'), { subject: 'b' });
  t.equal(second.ticket.number, 2);
});

t.test('open – a duplicate open with one idempotency key makes one ticket and the same reply', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  const caller = as.member(guild, '42');
  const replies = await Promise.all(
    Array.from({ length: 10 }, () =>
      env.tickets.open(caller, { subject: 'once' }, { idempotencyKey: 'interaction-1' }),
    ),
  );
  t.equal(new Set(replies.map((r) => r.ticket.id)).size, 1);
  t.equal(replies.filter((r) => !r.replayed).length, 1, 'exactly one request did the work');
  const first = replies.find((r) => !r.replayed)!;
  for (const r of replies) t.same(r.ticket, first.ticket);
  const count = await env.db
    .selectFrom('tickets')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('guild_id', '=', guild)
    .executeTakeFirstOrThrow();
  t.equal(Number(count.n), 1);
  await env.events.waitFor(ticketEvents.opened, guild);
  const again = await env.tickets.open(caller, { subject: 'once' }, { idempotencyKey: 'interaction-1' });
  t.equal(again.replayed, true);
  t.equal(env.events.of(ticketEvents.opened, guild).length, 1, 'one event');
  await t.rejects(env.tickets.open(caller, { subject: 'other' }, { idempotencyKey: 'interaction-1' }), {
    code: 'GW_ERR_IDEMPOTENCY_MISMATCH',
  });
});

t.test('open – a member may not open for someone else; staff may', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  await t.rejects(env.tickets.open(as.member(guild, '1'), { subject: 'x', openerId: '2' }), {
    code: 'TICKET_ERR_FORBIDDEN',
    statusCode: 403,
  });
  const { ticket } = await env.tickets.open(as.staff(guild, '9'), { subject: 'x', openerId: '2' });
  t.equal(ticket.openerId, '2');
});

t.test('open – an unknown panel is 404; a panel lends its category', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  await t.rejects(
    env.tickets.open(as.member(guild), { subject: 'x', panelId: '0190a7c8-0000-7000-8000-000000000000' }),
    {
      code: 'TICKET_ERR_PANEL_NOT_FOUND',
    },
  );
  const panel = await env.panels.create(as.admin(guild), { title: 'Support', category: 'billing' });
  const { ticket } = await env.tickets.open(as.member(guild), { subject: 'x', panelId: panel.id });
  t.equal(ticket.category, 'billing');
  t.equal(ticket.panelId, panel.id);
});

t.test(
  'open – closing gives the slot back and reopening takes it again, whatever path changed the status',
  async (t) => {
    const env = await ticketEnv(t, { settings: { openLimitPerUser: 1 } });
    const guild = freshGuild();
    const member = as.member(guild, '8');
    const first = await env.tickets.open(member, { subject: 'a' });
    await env.tickets.close(as.staff(guild), first.ticket.id, 'done');
    const second = await env.tickets.open(member, { subject: 'b' });
    await env.tickets.reopen(as.staff(guild), first.ticket.id);
    const slot = await env.db
      .selectFrom('opener_slots')
      .select('active')
      .where('guild_id', '=', guild)
      .where('opener_id', '=', '8')
      .executeTakeFirstOrThrow();
    t.equal(slot.active, 2, 'staff may reopen past the limit; the slot count follows');
    await t.rejects(env.tickets.open(member, { subject: 'c' }), {
      code: 'TICKET_ERR_OPEN_LIMIT',
      details: { limit: 1, active: 2 },
    });
    await env.tickets.close(member, first.ticket.id, 'again');
    await env.tickets.close(member, second.ticket.id, 'again');
    const third = await env.tickets.open(member, { subject: 'c' });
    t.equal(third.ticket.number, 3);
  },
);
