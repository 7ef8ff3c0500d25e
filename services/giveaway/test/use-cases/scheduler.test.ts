import { giveawayEvents } from '@guildwire/contracts';
import { createDueSweeper } from '@guildwire/service-kit';
import { waitUntil } from '@guildwire/testkit';
import { sql } from 'kysely';
import t from 'tap';
import { giveawayScheduler } from '../../src/use-cases/giveaway-scheduler.js';
import { as, freshGuild, giveawayEnv, inMs, member, silent, testClock } from '../fixtures.js';

const hour = 3_600_000;

t.test('scheduler – after a restart every overdue giveaway ends at once, scheduled ones start', async (t) => {
  // Giveaways created an hour "ago" by a process whose clock said so; the restarted process's
  // clock is now: every one of them is overdue when its scheduler starts.
  const past = testClock(Date.now() - 2 * hour);
  const before = await giveawayEnv(t, { clock: past.now });
  const guildId = freshGuild();
  const host = as.manager(guildId);
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const { giveaway } = await before.giveaways.create(host, {
      prize: `p${i}`,
      winnerCount: 1,
      endsAt: new Date(past.now().getTime() + hour),
    });
    await before.entries.enter(as.member(guildId, String(700 + i)), giveaway.id, member());
    ids.push(giveaway.id);
  }
  const scheduled = await before.giveaways.create(host, {
    prize: 'later',
    winnerCount: 1,
    startsAt: new Date(past.now().getTime() + 30 * 60_000),
    endsAt: new Date(past.now().getTime() + 4 * hour),
  });
  const after = await giveawayEnv(t, { db: before.db, bus: before.bus });
  const sweeper = createDueSweeper({ name: 'restart', work: giveawayScheduler(after.deps), logger: silent });
  sweeper.start();
  t.teardown(() => sweeper.stop());
  const ended = await after.events.waitFor(giveawayEvents.ended, guildId, 5);
  t.same(new Set(ended.map((e) => e.giveaway?.id)), new Set(ids));
  for (const e of ended) t.equal(e.winnerIds.length, 1, 'each had one entrant, who won');
  const [started] = await after.events.waitFor(giveawayEvents.started, guildId);
  t.equal(started!.giveaway?.id, scheduled.giveaway.id);
  const status = await after.db.selectFrom('giveaways').select(['id', 'status']).execute();
  t.equal(status.filter((s) => s.status === 'ended').length, 5);
});

t.test(
  'scheduler – 3 replicas sweeping the same due giveaways: each ends once, one event each',
  async (t) => {
    const env = await giveawayEnv(t, { settings: { maxRunningPerGuild: 100 } });
    const guildId = freshGuild();
    const host = as.manager(guildId);
    const count = 60;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const { giveaway } = await env.giveaways.create(host, {
        prize: `g${i}`,
        winnerCount: 1,
        endsAt: inMs(hour),
      });
      await env.entries.enter(as.member(guildId, String(800 + i)), giveaway.id, member());
      ids.push(giveaway.id);
    }
    // Due now for every replica at once: move the ends into the past behind the service's back.
    await sql`update giveaways set ends_at = now() - interval '1 second'`.execute(env.db);
    const replicas = [1, 2, 3].map((n) =>
      createDueSweeper({
        name: `replica-${n}`,
        work: giveawayScheduler(env.deps),
        logger: silent,
        batchSize: 7,
      }),
    );
    const fired: number[] = [0, 0, 0];
    await Promise.all(
      replicas.map(async (r, i) => {
        for (let k = 0; k < 5; k++) fired[i]! += await r.sweep();
      }),
    );
    t.equal(
      fired.reduce((a, b) => a + b, 0),
      count,
      `each ended once (${fired.join(' + ')})`,
    );
    const ended = await env.events.waitFor(giveawayEvents.ended, guildId, count);
    await env.giveaways.create(host, { prize: 'marker', winnerCount: 1, endsAt: inMs(hour) });
    await waitUntil('marker', async () =>
      env.events.of(giveawayEvents.created, guildId).length === count + 1 ? true : undefined,
    );
    t.equal(env.events.of(giveawayEvents.ended, guildId).length, count, 'one ended event per giveaway');
    t.equal(new Set(ended.map((e) => e.giveaway?.id)).size, count);
    const history = await env.db
      .selectFrom('giveaway_history')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('action', '=', 'ended')
      .executeTakeFirstOrThrow();
    t.equal(Number(history.n), count);
  },
);

t.test('scheduler – a beacon giveaway ends at its round with the round mixed into the draw', async (t) => {
  const env = await giveawayEnv(t, { settings: { maxRunningPerGuild: 100 } });
  const guildId = freshGuild();
  const host = as.manager(guildId);
  const { giveaway } = await env.giveaways.create(host, {
    prize: 'b',
    winnerCount: 1,
    endsAt: inMs(150),
    useBeacon: true,
  });
  t.equal(giveaway.draw.beacon, 'local');
  t.type(giveaway.draw.beaconRound, 'number');
  await env.entries.enter(as.member(guildId, '901'), giveaway.id, member());
  const sweeper = createDueSweeper({
    name: 'beacon',
    work: giveawayScheduler(env.deps),
    logger: silent,
    intervalMs: 50,
  });
  sweeper.start();
  t.teardown(() => sweeper.stop());
  const [ended] = await env.events.waitFor(giveawayEvents.ended, guildId);
  const expected = await env.deps.beacon!.fetch(giveaway.draw.beaconRound!);
  t.equal(ended!.giveaway?.draw?.beaconRandomness, expected.randomness);
  t.same(ended!.winnerIds, ['901']);
});
