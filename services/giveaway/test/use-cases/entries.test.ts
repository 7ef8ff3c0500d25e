import { giveawayEvents } from '@guildwire/contracts';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { as, freshGuild, giveawayEnv, inMs, member } from '../fixtures.js';

const hour = 3_600_000;

t.test('entries – entering twice is one entry and one confirmation; the second answer says so', async (t) => {
  const env = await giveawayEnv(t);
  const guildId = freshGuild();
  const { giveaway } = await env.giveaways.create(as.manager(guildId), {
    prize: 'p',
    winnerCount: 1,
    endsAt: inMs(hour),
    bonusEntries: [{ roleId: '77', entries: 4 }],
  });
  const first = await env.entries.enter(as.member(guildId, '123'), giveaway.id, member(['77']));
  t.equal(first.alreadyEntered, false);
  t.equal(first.entry?.weight, 5, '1 + 4 bonus entries');
  const second = await env.entries.enter(as.member(guildId, '123'), giveaway.id, member(['77']));
  t.equal(second.alreadyEntered, true);
  t.same(second.entry, first.entry);
  const [confirmed] = await env.events.waitFor(giveawayEvents.entryConfirmed, guildId);
  t.equal(confirmed!.entry?.userId, '123');
  t.equal(confirmed!.entry?.weight, 5);
  const left = await env.entries.leave(as.member(guildId, '123'), giveaway.id);
  t.equal(left.entry?.userId, '123');
  const [withdrawn] = await env.events.waitFor(giveawayEvents.entryWithdrawn, guildId);
  t.equal(withdrawn!.userId, '123');
  t.equal(
    (await env.entries.leave(as.member(guildId, '123'), giveaway.id)).entry,
    undefined,
    'leaving twice is fine',
  );
  t.equal(env.events.of(giveawayEvents.entryConfirmed, guildId).length, 1, 'one confirmation');
});

t.test('entries – 100 concurrent entries by one user: one entry, one confirmation', async (t) => {
  const env = await giveawayEnv(t);
  const guildId = freshGuild();
  const { giveaway } = await env.giveaways.create(as.manager(guildId), {
    prize: 'p',
    winnerCount: 1,
    endsAt: inMs(hour),
  });
  const results = await Promise.all(
    Array.from({ length: 100 }, () => env.entries.enter(as.member(guildId, '555'), giveaway.id, member())),
  );
  t.equal(results.filter((r) => !r.alreadyEntered).length, 1, 'one answer made the entry');
  t.ok(results.every((r) => r.entry?.userId === '555'));
  const rows = await env.db
    .selectFrom('entries')
    .selectAll()
    .where('giveaway_id', '=', giveaway.id)
    .execute();
  t.equal(rows.length, 1);
  await env.events.waitFor(giveawayEvents.entryConfirmed, guildId);
  // A marker after the burst: by the time it arrives, any extra confirmation would have too.
  await env.giveaways.pause(as.manager(guildId), giveaway.id);
  await env.events.waitFor(giveawayEvents.paused, guildId);
  t.equal(env.events.of(giveawayEvents.entryConfirmed, guildId).length, 1);
});

t.test(
  'entries – scheduled, paused, ended and cancelled giveaways refuse entries; requirements name themselves',
  async (t) => {
    const env = await giveawayEnv(t);
    const guildId = freshGuild();
    const host = as.manager(guildId);
    const who = as.member(guildId, '600');
    const scheduled = await env.giveaways.create(host, {
      prize: 's',
      winnerCount: 1,
      startsAt: inMs(hour),
      endsAt: inMs(2 * hour),
    });
    t.equal(scheduled.giveaway.status, 'scheduled');
    await t.rejects(env.entries.enter(who, scheduled.giveaway.id, member()), {
      code: 'GIVEAWAY_ERR_NOT_OPEN',
      statusCode: 409,
      details: { status: 'scheduled' },
    });
    const running = await env.giveaways.create(host, {
      prize: 'r',
      winnerCount: 1,
      endsAt: inMs(hour),
      requirements: {
        requiredRoleIds: ['10', '11'],
        requiredRolesMode: 'all',
        excludedRoleIds: ['66'],
        minAccountAgeMs: 30 * 86_400_000,
        minMemberAgeMs: 0,
      },
    });
    const id = running.giveaway.id;
    await t.rejects(env.entries.enter(who, id, member(['10'])), {
      code: 'GIVEAWAY_ERR_NOT_ELIGIBLE',
      details: { requirement: 'required_roles' },
    });
    await t.rejects(env.entries.enter(who, id, member(['10', '11', '66'])), {
      code: 'GIVEAWAY_ERR_NOT_ELIGIBLE',
      details: { requirement: 'excluded_roles' },
    });
    await t.rejects(
      env.entries.enter(who, id, {
        roleIds: ['10', '11'],
        joinedAt: new Date(),
        accountCreatedAt: new Date(),
      }),
      { code: 'GIVEAWAY_ERR_NOT_ELIGIBLE', details: { requirement: 'min_account_age' } },
    );
    t.equal((await env.entries.enter(who, id, member(['10', '11']))).alreadyEntered, false);
    await env.giveaways.pause(host, id);
    await t.rejects(env.entries.enter(as.member(guildId, '601'), id, member(['10', '11'])), {
      code: 'GIVEAWAY_ERR_NOT_OPEN',
      details: { status: 'paused' },
    });
    await env.giveaways.resume(host, id);
    await env.giveaways.end(host, id);
    await t.rejects(env.entries.enter(as.member(guildId, '602'), id, member(['10', '11'])), {
      code: 'GIVEAWAY_ERR_NOT_OPEN',
      details: { status: 'ended' },
    });
    await t.rejects(env.entries.leave(who, id), { code: 'GIVEAWAY_ERR_NOT_OPEN' });
    const cancelled = await env.giveaways.create(host, { prize: 'c', winnerCount: 1, endsAt: inMs(hour) });
    await env.giveaways.cancel(host, cancelled.giveaway.id);
    await t.rejects(env.entries.enter(who, cancelled.giveaway.id, member()), {
      code: 'GIVEAWAY_ERR_NOT_OPEN',
      details: { status: 'cancelled' },
    });
    await t.rejects(env.entries.enter(who, '0190c1d2-0000-7000-8000-000000000001', member()), {
      code: 'GIVEAWAY_ERR_NOT_FOUND',
      statusCode: 404,
    });
  },
);

t.test(
  'entries – counts are coalesced: far fewer count events than entries, spaced by the gap, the last exact',
  async (t) => {
    const gapMs = 300;
    const env = await giveawayEnv(t, { countGapMs: gapMs });
    const guildId = freshGuild();
    const { giveaway } = await env.giveaways.create(as.manager(guildId), {
      prize: 'p',
      winnerCount: 1,
      endsAt: inMs(hour),
    });
    const entrants = 60;
    for (let batch = 0; batch < entrants / 10; batch++)
      await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          env.entries.enter(as.member(guildId, String(10_000 + batch * 10 + i)), giveaway.id, member()),
        ),
      );
    const counted = await env.events.waitFor(giveawayEvents.entrantsCounted, guildId);
    const last = await waitUntil(`a count of ${entrants}`, async () => {
      const all = env.events.of(giveawayEvents.entrantsCounted, guildId);
      return all.at(-1)?.entrantCount === entrants ? all : undefined;
    });
    t.ok(counted.length >= 1);
    t.ok(last.length < entrants / 2, `${last.length} count events for ${entrants} entries`);
    for (let i = 1; i < last.length; i++) {
      const gap =
        Number(last[i]!.countedAt!.seconds - last[i - 1]!.countedAt!.seconds) * 1000 +
        (last[i]!.countedAt!.nanos - last[i - 1]!.countedAt!.nanos) / 1e6;
      t.ok(gap >= gapMs, `counts ${i - 1} and ${i} are ${gap} ms apart`);
    }
    t.equal(last.at(-1)!.giveawayId, giveaway.id);
  },
);

t.test('entries – racing the end: every acknowledged entry is in the draw, no refused one is', async (t) => {
  const env = await giveawayEnv(t);
  const guildId = freshGuild();
  const host = as.manager(guildId);
  const { giveaway } = await env.giveaways.create(host, {
    prize: 'race',
    winnerCount: 3,
    endsAt: inMs(hour),
  });
  const users = Array.from({ length: 80 }, (_, i) => String(40_000 + i));
  let acknowledged = 0;
  const entering = users.map(
    (u): Promise<{ u: string; ok: boolean; code?: string | undefined }> =>
      env.entries.enter(as.member(guildId, u), giveaway.id, member()).then(
        () => {
          acknowledged++;
          return { u, ok: true };
        },
        (err: { code?: string }) => ({ u, ok: false, code: err.code }),
      ),
  );
  // End while entries are still arriving: some before, some after.
  await waitUntil('a few entries acknowledged', async () => (acknowledged >= 5 ? true : undefined));
  const ending = env.giveaways.end(host, giveaway.id);
  const outcomes = await Promise.all(entering);
  await ending;
  for (const o of outcomes.filter((o) => !o.ok))
    t.equal(o.code, 'GIVEAWAY_ERR_NOT_OPEN', `${o.u} refused as closed`);
  const draw = await env.queries.publicDraw(guildId, giveaway.id);
  const drawn = new Set(draw.entries.map((e) => e.userId));
  t.same(
    [...drawn].sort(),
    outcomes
      .filter((o) => o.ok)
      .map((o) => o.u)
      .sort(),
    'the draw has exactly the acknowledged entries',
  );
});

t.test('entries – many users clicking several times at once: one entry each, no error', async (t) => {
  const env = await giveawayEnv(t);
  const guildId = freshGuild();
  const { giveaway } = await env.giveaways.create(as.manager(guildId), {
    prize: 'p',
    winnerCount: 1,
    endsAt: inMs(hour),
  });
  const users = Array.from({ length: 40 }, (_, i) => String(50_000 + i));
  // Each user three times, interleaved in different orders, so batches in flight share users.
  const clicks = [...users, ...[...users].reverse(), ...users];
  const results = await Promise.all(
    clicks.map((u) => env.entries.enter(as.member(guildId, u), giveaway.id, member())),
  );
  t.equal(results.filter((r) => !r.alreadyEntered).length, users.length, 'one new entry per user');
  const rows = await env.db
    .selectFrom('entries')
    .select('user_id')
    .where('giveaway_id', '=', giveaway.id)
    .execute();
  t.equal(rows.length, users.length);
  await env.events.waitFor(giveawayEvents.entryConfirmed, guildId, users.length);
  await env.giveaways.pause(as.manager(guildId), giveaway.id);
  await env.events.waitFor(giveawayEvents.paused, guildId);
  t.equal(
    env.events.of(giveawayEvents.entryConfirmed, guildId).length,
    users.length,
    'one confirmation each',
  );
});
