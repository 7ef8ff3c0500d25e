import { createOutbox } from '@guildwire/bus';
import { CloseRequestStatus, TicketCloseCause, ticketEvents } from '@guildwire/contracts';
import { createDb } from '@guildwire/db';
import { createDueSweeper } from '@guildwire/service-kit';
import type { Kysely } from 'kysely';
import t from 'tap';
import { staticTicketSettings } from '../../src/domain/settings.js';
import type { TicketDatabase } from '../../src/store/database.js';
import type { TicketDeps } from '../../src/use-cases/deps.js';
import { ticketTimers } from '../../src/use-cases/ticket-timers.js';
import { bot, reported, snowflake, ticketWithChannel } from '../conversation-fixtures.js';
import { as, freshGuild, silent, testClock, ticketBus, ticketDb, ticketEnv } from '../fixtures.js';

const minute = 60_000;

const sweeperOf = (deps: TicketDeps) =>
  createDueSweeper({ name: 'ticket-timers', work: ticketTimers(deps), clock: deps.clock, logger: silent });

/** A message written in Discord at the clock's current time. */
const said = (at: Date, fields: Omit<Parameters<typeof reported>[0], 'id'> = {}) =>
  reported({ id: snowflake(at.getTime()), ...fields });

async function row(db: Kysely<TicketDatabase>, id: string) {
  return db
    .selectFrom('tickets')
    .select(['last_activity_at', 'auto_close_at', 'version', 'status'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

t.test(
  'activity – a ticket whose conversation goes on is not closed for inactivity; a quiet one is',
  async (t) => {
    const clock = testClock();
    const env = await ticketEnv(t, { clock: clock.now, settings: { autoCloseAfterMs: 10 * minute } });
    const sweeper = sweeperOf(env.deps);
    const guild = freshGuild();
    const talking = await ticketWithChannel(env, guild, '100', '9001');
    const quiet = await ticketWithChannel(env, guild, '101', '9002');
    const before = await row(env.db, talking.id);
    const fired: number[] = [];
    for (let i = 0; i < 3; i++) {
      clock.advance(6 * minute);
      const message = said(clock.now(), { channelId: '9001', content: `still broken ${i}` });
      await env.conversation.record(bot(guild), talking.id, 'created', message, '');
      fired.push(await sweeper.sweep());
    }
    t.same(fired, [0, 1, 0], 'minutes 6, 12, 18: only the quiet ticket fell due (at 10)');
    // 18 minutes in: the quiet ticket closed at 10; the talking one was written in 6 minutes ago.
    t.equal((await row(env.db, quiet.id)).status, 'closed');
    const after = await row(env.db, talking.id);
    t.equal(after.status, 'open', 'messages within the period kept it open');
    t.equal(after.last_activity_at.getTime(), clock.now().getTime(), 'last activity = the last message');
    t.equal(after.auto_close_at?.getTime(), clock.now().getTime() + 10 * minute, 'the timer was pushed');
    t.equal(after.version, before.version, 'a chat message is not a new version of the ticket');
    const updated = env.events.of(ticketEvents.updated, guild).filter((e) => e.ticket?.id === talking.id);
    t.equal(updated.length, 1, 'no ticket event per message (the one there is set_channel)');
    clock.advance(10 * minute);
    t.equal(await sweeper.sweep(), 1, 'silent for a whole period: closed');
    const closed = await env.events.waitFor(ticketEvents.closed, guild, 2);
    t.same(
      closed.map((c) => [c.ticket?.id, c.cause]),
      [
        [quiet.id, TicketCloseCause.INACTIVITY],
        [talking.id, TicketCloseCause.INACTIVITY],
      ],
    );
  },
);

t.test("activity – the bot's own messages do not keep a ticket open; a dashboard reply does", async (t) => {
  const clock = testClock();
  const env = await ticketEnv(t, { clock: clock.now, settings: { autoCloseAfterMs: 10 * minute } });
  const sweeper = sweeperOf(env.deps);
  const guild = freshGuild();
  const botOnly = await ticketWithChannel(env, guild, '100', '9001');
  const replied = await ticketWithChannel(env, guild, '101', '9002');
  clock.advance(6 * minute);
  await env.conversation.record(
    bot(guild),
    botOnly.id,
    'created',
    said(clock.now(), { channelId: '9001', authorId: '1', authorName: 'Guildwire', bot: true }),
    '',
  );
  await env.conversation.reply(as.staff(guild), replied.id, 'Looking into it');
  clock.advance(5 * minute);
  t.equal(await sweeper.sweep(), 1);
  t.equal((await row(env.db, botOnly.id)).status, 'closed', 'only the bot spoke: closed');
  const kept = await row(env.db, replied.id);
  t.equal(kept.status, 'open', 'a staff reply from the dashboard is activity');
  t.equal(kept.auto_close_at?.getTime(), clock.now().getTime() + 5 * minute);
  // The reply posted by the bot (a bot author carrying the reply id) counts when it was posted.
  const [pending] = await env.conversation.unpostedReplies(as.staff(guild), replied.id);
  clock.advance(1 * minute);
  const echo = said(clock.now(), { channelId: '9002', authorId: '1', bot: true, content: 'Looking into it' });
  await env.conversation.record(bot(guild), replied.id, 'created', echo, pending!.id);
  t.equal((await row(env.db, replied.id)).last_activity_at.getTime(), clock.now().getTime());
});

t.test(
  'activity – a redelivered message counts once; a message recorded late never moves activity back',
  async (t) => {
    const clock = testClock();
    const env = await ticketEnv(t, { clock: clock.now, settings: { autoCloseAfterMs: 10 * minute } });
    const guild = freshGuild();
    const ticket = await ticketWithChannel(env, guild);
    const opened = await row(env.db, ticket.id);
    clock.advance(2 * minute);
    const early = said(clock.now(), { content: 'first' });
    clock.advance(2 * minute);
    const late = said(clock.now(), { content: 'second' });
    clock.advance(3 * minute);
    // The newer message arrives first (a backfill racing the live capture), then the older one,
    // then both again (a redelivery after a lost ack).
    await env.conversation.record(bot(guild), ticket.id, 'created', late, '');
    const afterLate = await row(env.db, ticket.id);
    t.equal(afterLate.last_activity_at.getTime(), opened.last_activity_at.getTime() + 4 * minute);
    await env.conversation.record(bot(guild), ticket.id, 'created', early, '');
    await env.conversation.record(bot(guild), ticket.id, 'created', late, '');
    await env.conversation.record(bot(guild), ticket.id, 'created', early, '');
    const now = await row(env.db, ticket.id);
    t.equal(now.last_activity_at.getTime(), afterLate.last_activity_at.getTime(), 'not moved back');
    t.equal(now.auto_close_at?.getTime(), afterLate.auto_close_at?.getTime(), 'the deadline neither');
    t.equal(now.version, opened.version, 'no version counted for any of them');
    // An edit of a kept message is not new activity.
    clock.advance(1 * minute);
    await env.conversation.record(
      bot(guild),
      ticket.id,
      'edited',
      reported({ id: late.id, content: 'second!', editedAt: clock.now() }),
      '',
    );
    t.equal((await row(env.db, ticket.id)).last_activity_at.getTime(), now.last_activity_at.getTime());
    // Discord's clock ahead of ours: the activity is never in our future.
    const ahead = said(new Date(clock.now().getTime() + 30 * minute), { content: 'from the future' });
    await env.conversation.record(bot(guild), ticket.id, 'created', ahead, '');
    t.equal((await row(env.db, ticket.id)).last_activity_at.getTime(), clock.now().getTime());
  },
);

t.test(
  'activity – the opener writing after a close request declines it; staff writing does not',
  async (t) => {
    const clock = testClock();
    const env = await ticketEnv(t, {
      clock: clock.now,
      settings: { autoCloseAfterMs: 0, closeRequestTimeoutMs: 30 * minute },
    });
    const sweeper = sweeperOf(env.deps);
    const guild = freshGuild();
    const answered = await ticketWithChannel(env, guild, '100', '9001');
    const unanswered = await ticketWithChannel(env, guild, '101', '9002');
    const beforeRequest = said(clock.now(), { channelId: '9001', content: 'written before the request' });
    clock.advance(minute);
    await env.tickets.requestClose(as.staff(guild), answered.id, 'fixed?');
    await env.tickets.requestClose(as.staff(guild), unanswered.id, 'fixed?');
    clock.advance(minute);
    // Staff following up, and a message from before the request arriving late, answer nothing.
    await env.conversation.record(
      bot(guild),
      answered.id,
      'created',
      said(clock.now(), { channelId: '9001', authorId: '500', authorName: 'sam', content: 'ping?' }),
      '',
    );
    await env.conversation.record(bot(guild), answered.id, 'created', beforeRequest, '');
    await env.conversation.record(
      bot(guild),
      unanswered.id,
      'created',
      said(clock.now(), { channelId: '9002', authorId: '500', authorName: 'sam', content: 'ping?' }),
      '',
    );
    t.equal(env.events.of(ticketEvents.closeRequestDeclined, guild).length, 0);
    const reply = said(clock.now(), { channelId: '9001', content: 'no, it still fails' });
    await env.conversation.record(bot(guild), answered.id, 'created', reply, '');
    await env.conversation.record(bot(guild), answered.id, 'created', reply, '');
    const [declined] = await env.events.waitFor(ticketEvents.closeRequestDeclined, guild);
    t.equal(declined?.ticket?.id, answered.id);
    t.equal(declined?.closeRequest?.status, CloseRequestStatus.DECLINED);
    t.equal(declined?.closeRequest?.resolvedBy, '100', 'declined in the name of the opener');
    t.equal(declined?.meta?.actor?.id, '100');
    clock.advance(31 * minute);
    t.equal(await sweeper.sweep(), 1, 'only the unanswered request expires');
    t.equal((await row(env.db, answered.id)).status, 'open');
    t.equal((await row(env.db, unanswered.id)).status, 'closed');
    t.equal(
      env.events.of(ticketEvents.closeRequestDeclined, guild).length,
      1,
      'the redelivered reply declined nothing more',
    );
  },
);

t.test('activity – the opener replying from the dashboard declines a pending close request', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  const ticket = await ticketWithChannel(env, guild);
  await env.tickets.requestClose(as.staff(guild), ticket.id, 'fixed?');
  await env.conversation.reply(as.member(guild, '100'), ticket.id, 'not yet');
  const [declined] = await env.events.waitFor(ticketEvents.closeRequestDeclined, guild);
  t.equal(declined?.closeRequest?.resolvedBy, '100');
  const { ticket: now } = await env.queries.get(as.staff(guild), { id: ticket.id });
  t.equal(now.closeRequest, null);
});

t.test('activity – the pushed deadline holds for another replica and after a restart', async (t) => {
  const clock = testClock();
  const { db, url } = await ticketDb(t);
  const bus = await ticketBus(t);
  const env = await ticketEnv(t, { clock: clock.now, db, bus, settings: { autoCloseAfterMs: 10 * minute } });
  const guild = freshGuild();
  const ticket = await ticketWithChannel(env, guild);
  clock.advance(8 * minute);
  await env.conversation.record(bot(guild), ticket.id, 'created', said(clock.now()), '');
  // Another process (a replica, or this one restarted) with its own pool sweeps at minute 12.
  clock.advance(4 * minute);
  const other = createDb<TicketDatabase>({ url, schema: 'ticket', poolSize: 2 });
  t.teardown(() => other.destroy());
  const outbox = createOutbox(other, bus, silent);
  t.teardown(() => outbox.relay.stop());
  const replica = sweeperOf({
    db: other,
    outbox,
    settings: staticTicketSettings({ all: { autoCloseAfterMs: 10 * minute } }),
    logger: silent,
    clock: clock.now,
  });
  t.equal(await replica.sweep(), 0, 'not due: the message at minute 8 moved it to 18');
  clock.advance(7 * minute);
  t.equal(await replica.sweep(), 1);
  const [closed] = await env.events.waitFor(ticketEvents.closed, guild);
  t.equal(closed?.cause, TicketCloseCause.INACTIVITY);
});
