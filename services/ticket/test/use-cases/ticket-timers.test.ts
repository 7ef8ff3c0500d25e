import { createOutbox } from '@guildwire/bus';
import { TicketCloseCause, ticketEvents } from '@guildwire/contracts';
import { createDb } from '@guildwire/db';
import { createDueSweeper, type DueSweeperOptions } from '@guildwire/service-kit';
import t from 'tap';
import { staticTicketSettings } from '../../src/domain/settings.js';
import type { TicketDatabase } from '../../src/store/database.js';
import type { TicketDeps } from '../../src/use-cases/deps.js';
import { createTicketChanges } from '../../src/use-cases/ticket-changes.js';
import { ticketTimers } from '../../src/use-cases/ticket-timers.js';
import { as, freshGuild, silent, testClock, ticketBus, ticketDb, ticketEnv } from '../fixtures.js';

const minute = 60_000;

/** The ticket service's timers on the shared due sweeper, as app.ts runs them. */
function timerSweeper(deps: TicketDeps, options: Partial<DueSweeperOptions> = {}) {
  return createDueSweeper({
    name: 'ticket-timers',
    work: ticketTimers(deps),
    clock: deps.clock,
    logger: silent,
    ...options,
  });
}

t.test('timers – an inactive ticket closes once its period passes, with cause inactivity', async (t) => {
  const clock = testClock();
  const env = await ticketEnv(t, { clock: clock.now, settings: { autoCloseAfterMs: 10 * minute } });
  const scheduler = timerSweeper(env.deps);
  const guild = freshGuild();
  const { ticket } = await env.tickets.open(as.member(guild), { subject: 'quiet' });
  t.equal(ticket.autoCloseAt?.getTime(), clock.now().getTime() + 10 * minute);
  clock.advance(5 * minute);
  await env.tickets.comment(as.member(guild), ticket.id, 'anyone?');
  clock.advance(6 * minute);
  t.equal(await scheduler.sweep(), 0, 'the comment re-armed the timer');
  clock.advance(5 * minute);
  t.equal(await scheduler.sweep(), 1);
  t.equal(await scheduler.sweep(), 0, 'fired once');
  const [closed] = await env.events.waitFor(ticketEvents.closed, guild);
  t.equal(closed?.cause, TicketCloseCause.INACTIVITY);
  t.equal(closed?.meta?.actor?.id, 'ticket-timers');
  t.equal(closed?.ticket?.autoCloseAt, undefined, 'a closed ticket has no timer');
});

t.test('timers – an unanswered close request closes the ticket at its deadline', async (t) => {
  const clock = testClock();
  const env = await ticketEnv(t, {
    clock: clock.now,
    settings: { autoCloseAfterMs: 0, closeRequestTimeoutMs: 30 * minute },
  });
  const scheduler = timerSweeper(env.deps);
  const guild = freshGuild();
  const { ticket } = await env.tickets.open(as.member(guild), { subject: 'x' });
  t.equal(ticket.autoCloseAt, null, 'auto-close off');
  await env.tickets.requestClose(as.staff(guild), ticket.id, 'looks solved');
  clock.advance(29 * minute);
  t.equal(await scheduler.sweep(), 0);
  clock.advance(2 * minute);
  t.equal(await scheduler.sweep(), 1);
  const [closed] = await env.events.waitFor(ticketEvents.closed, guild);
  t.equal(closed?.cause, TicketCloseCause.CLOSE_REQUEST_EXPIRED);
  t.equal(closed?.ticket?.closeReason, 'looks solved');
  const row = await env.db
    .selectFrom('close_requests')
    .select('status')
    .where('ticket_id', '=', ticket.id)
    .executeTakeFirstOrThrow();
  t.equal(row.status, 'expired');
});

t.test('timers – two replicas sweeping together close each due ticket exactly once', async (t) => {
  const clock = testClock();
  const { db, url } = await ticketDb(t);
  const bus = await ticketBus(t);
  const env = await ticketEnv(t, {
    clock: clock.now,
    db,
    bus,
    settings: { autoCloseAfterMs: minute, openLimitPerUser: 100 },
  });
  const guild = freshGuild();
  for (let i = 0; i < 40; i++) await env.tickets.open(as.member(guild, String(i + 1)), { subject: `t${i}` });
  clock.advance(2 * minute);
  const replica = (): TicketDeps => {
    const own = createDb<TicketDatabase>({ url, schema: 'ticket', poolSize: 4 });
    t.teardown(() => own.destroy());
    const outbox = createOutbox(own, bus, silent);
    t.teardown(() => outbox.relay.stop());
    return {
      db: own,
      outbox,
      settings: staticTicketSettings({ all: { autoCloseAfterMs: minute } }),
      logger: silent,
      clock: clock.now,
    };
  };
  const schedulers = [replica(), replica(), replica()].map((deps) => timerSweeper(deps, { batchSize: 5 }));
  const fired = await Promise.all(schedulers.map((s) => s.sweep()));
  t.equal(
    fired.reduce((a, b) => a + b, 0),
    40,
    'every due ticket fired once in total',
  );
  const closed = await env.events.waitFor(ticketEvents.closed, guild, 40);
  t.equal(new Set(closed.map((c) => c.ticket?.id)).size, 40);
  const history = await db
    .selectFrom('ticket_history')
    .select('ticket_id')
    .where('guild_id', '=', guild)
    .where('action', '=', 'closed')
    .execute();
  t.equal(history.length, 40, 'one close per ticket in the audit trail');
});

t.test('timers – a started scheduler fires overdue timers of a previous process right away', async (t) => {
  const { db, url } = await ticketDb(t);
  const bus = await ticketBus(t);
  const guild = freshGuild();
  {
    // The first process arms a short timer and goes away without firing it.
    const before = createDb<TicketDatabase>({ url, schema: 'ticket', poolSize: 2 });
    const outbox = createOutbox(before, bus, silent);
    const ops = createTicketChanges({
      db: before,
      outbox,
      settings: staticTicketSettings({ all: { autoCloseAfterMs: 1 } }),
      logger: silent,
      clock: () => new Date(),
    });
    await ops.open(as.member(guild), { subject: 'left behind' });
    await outbox.relay.drain();
    await before.destroy();
  }
  const env = await ticketEnv(t, { db, bus });
  const scheduler = timerSweeper(env.deps, { intervalMs: 50 });
  scheduler.start();
  t.teardown(() => scheduler.stop());
  const [closed] = await env.events.waitFor(ticketEvents.closed, guild);
  t.equal(closed?.cause, TicketCloseCause.INACTIVITY);
});
