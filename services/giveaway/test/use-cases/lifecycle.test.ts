import { GiveawayStatus, giveawayEvents } from '@guildwire/contracts';
import t from 'tap';
import { seedCommitment } from '../../src/domain/draw.js';
import { as, freshGuild, giveawayEnv, inMs, member } from '../fixtures.js';

const hour = 3_600_000;

t.test(
  'lifecycle – create, edit, pause, resume, end, reroll: each change one event, read from JetStream',
  async (t) => {
    const env = await giveawayEnv(t);
    const guildId = freshGuild();
    const host = as.manager(guildId);
    const created = await env.giveaways.create(host, { prize: 'Nitro', winnerCount: 2, endsAt: inMs(hour) });
    const g = created.giveaway;
    t.equal(g.status, 'running');
    t.equal(g.draw.seedCommitment, seedCommitment(g.draw.seed));
    const [createdEvent] = await env.events.waitFor(giveawayEvents.created, guildId);
    t.equal(createdEvent!.giveaway?.draw?.seedCommitment, g.draw.seedCommitment, 'commitment published');
    t.equal(createdEvent!.giveaway?.draw?.seed, undefined, 'the seed stays secret');

    const edited = await env.giveaways.edit(
      host,
      g.id,
      { prize: 'Nitro x2', winnerCount: 3 },
      { expectedVersion: 1 },
    );
    t.equal(edited.giveaway.version, 2);
    const [updated] = await env.events.waitFor(giveawayEvents.updated, guildId);
    t.same(updated!.changedFields, ['prize', 'winnerCount']);

    for (const id of ['101', '102', '103', '104', '105'])
      await env.entries.enter(as.member(guildId, id), g.id, member());

    const paused = await env.giveaways.pause(host, g.id);
    t.equal(paused.giveaway.status, 'paused');
    await t.rejects(env.entries.enter(as.member(guildId, '106'), g.id, member()), {
      code: 'GIVEAWAY_ERR_NOT_OPEN',
    });
    const resumed = await env.giveaways.resume(host, g.id);
    t.equal(resumed.giveaway.status, 'running');
    t.ok(resumed.giveaway.endsAt.getTime() >= g.endsAt.getTime(), 'the end moved by the paused time');

    const ended = await env.giveaways.end(host, g.id);
    t.equal(ended.giveaway.status, 'ended');
    t.equal(ended.winnerIds?.length, 3);
    t.equal(ended.short, false);
    const [endedEvent] = await env.events.waitFor(giveawayEvents.ended, guildId);
    t.same(endedEvent!.winnerIds, ended.winnerIds);
    t.equal(endedEvent!.giveaway?.draw?.seed, g.draw.seed, 'seed revealed at the end');
    t.equal(endedEvent!.giveaway?.entrantCount, 5);
    t.match(endedEvent!.giveaway?.draw?.entriesDigest, /^[0-9a-f]{64}$/);
    t.equal(endedEvent!.giveaway?.status, GiveawayStatus.ENDED);

    const reroll = await env.giveaways.reroll(host, g.id, 1);
    t.equal(reroll.winnerIds?.length, 1);
    t.notOk(ended.winnerIds?.includes(reroll.winnerIds![0]!), 'never an earlier winner');
    const again = await env.giveaways.reroll(host, g.id, 5);
    t.equal(again.winnerIds?.length, 1, 'one entrant was left');
    t.equal(again.short, true);
    const [, secondReroll] = await env.events.waitFor(giveawayEvents.rerolled, guildId, 2);
    t.equal(secondReroll!.round, 3);
    t.equal(secondReroll!.short, true);

    // Nobody is left: a clear 409 and nothing changes.
    await t.rejects(env.giveaways.reroll(host, g.id, 1), {
      code: 'GIVEAWAY_ERR_NO_ENTRANTS_LEFT',
      statusCode: 409,
    });
    const after = await env.queries.get(host, g.id);
    t.equal(after.giveaway.version, again.giveaway.version, 'no new version');
    t.equal(after.giveaway.rounds.length, 3);
    const allWinners = after.giveaway.rounds.flatMap((r) => r.userIds);
    t.equal(new Set(allWinners).size, 5, 'five distinct winners over three rounds');

    // Ended: no edit, pause or cancel (409).
    await t.rejects(env.giveaways.edit(host, g.id, { prize: 'late' }), {
      code: 'GIVEAWAY_ERR_WRONG_STATUS',
      statusCode: 409,
    });
    await t.rejects(env.giveaways.cancel(host, g.id), { code: 'GIVEAWAY_ERR_WRONG_STATUS', statusCode: 409 });
    await t.rejects(env.entries.enter(as.member(guildId, '107'), g.id, member()), {
      code: 'GIVEAWAY_ERR_NOT_OPEN',
    });
    t.same(
      (await env.events.waitForCount(guildId, 7)).filter((type) => !type.includes('entr')),
      [
        'giveaway.created',
        'giveaway.updated',
        'giveaway.paused',
        'giveaway.resumed',
        'giveaway.ended',
        'giveaway.rerolled',
        'giveaway.rerolled',
      ],
    );
  },
);

t.test('lifecycle – fewer entrants than winners: all win, and the answer says so', async (t) => {
  const env = await giveawayEnv(t);
  const guildId = freshGuild();
  const host = as.manager(guildId);
  const { giveaway } = await env.giveaways.create(host, { prize: 'Mug', winnerCount: 5, endsAt: inMs(hour) });
  await env.entries.enter(as.member(guildId, '201'), giveaway.id, member());
  await env.entries.enter(as.member(guildId, '202'), giveaway.id, member());
  const ended = await env.giveaways.end(host, giveaway.id);
  t.same([...(ended.winnerIds ?? [])].sort(), ['201', '202']);
  t.equal(ended.short, true);
  const [event] = await env.events.waitFor(giveawayEvents.ended, guildId);
  t.equal(event!.allEntrantsWon, true);
  // Zero entrants end too, with no winner.
  const empty = await env.giveaways.create(host, { prize: 'Nothing', winnerCount: 1, endsAt: inMs(hour) });
  const none = await env.giveaways.end(host, empty.giveaway.id);
  t.same(none.winnerIds, []);
  await t.rejects(env.giveaways.reroll(host, empty.giveaway.id, 1), {
    code: 'GIVEAWAY_ERR_NO_ENTRANTS_LEFT',
  });
});

t.test(
  'lifecycle – bad input: winner count, end time, limits, stale versions, members, other guilds',
  async (t) => {
    const env = await giveawayEnv(t, { settings: { maxWinners: 10, maxRunningPerGuild: 2 } });
    const guildId = freshGuild();
    const host = as.manager(guildId);
    await t.rejects(env.giveaways.create(host, { prize: 'x', winnerCount: 0, endsAt: inMs(hour) }), {
      code: 'GW_ERR_VALIDATION',
      statusCode: 400,
      details: [{ field: '/winnerCount' }],
    });
    await t.rejects(env.giveaways.create(host, { prize: 'x', winnerCount: 11, endsAt: inMs(hour) }), {
      code: 'GW_ERR_VALIDATION',
      details: [{ field: '/winnerCount', message: 'must be between 1 and 10' }],
    });
    await t.rejects(env.giveaways.create(host, { prize: 'x', winnerCount: 1, endsAt: inMs(-1000) }), {
      code: 'GW_ERR_VALIDATION',
      details: [{ field: '/endsAt', message: /future/ }],
    });
    await t.rejects(
      env.giveaways.create(host, { prize: 'x', winnerCount: 1, endsAt: inMs(91 * 24 * hour) }),
      {
        code: 'GW_ERR_VALIDATION',
        details: [{ field: '/endsAt', message: /90 days/ }],
      },
    );
    await t.rejects(
      env.giveaways.create(as.member(guildId), { prize: 'x', winnerCount: 1, endsAt: inMs(hour) }),
      {
        code: 'GIVEAWAY_ERR_FORBIDDEN',
        statusCode: 403,
      },
    );
    const a = await env.giveaways.create(host, { prize: 'a', winnerCount: 1, endsAt: inMs(hour) });
    await env.giveaways.create(host, {
      prize: 'b',
      winnerCount: 1,
      startsAt: inMs(hour),
      endsAt: inMs(2 * hour),
    });
    await t.rejects(env.giveaways.create(host, { prize: 'c', winnerCount: 1, endsAt: inMs(hour) }), {
      code: 'GIVEAWAY_ERR_RUNNING_LIMIT',
      statusCode: 409,
    });
    await t.rejects(env.giveaways.edit(host, a.giveaway.id, { prize: 'z' }, { expectedVersion: 7 }), {
      code: 'GW_ERR_STALE_VERSION',
      statusCode: 412,
    });
    await t.rejects(env.giveaways.edit(host, a.giveaway.id, { endsAt: inMs(-5) }), {
      code: 'GW_ERR_VALIDATION',
      details: [{ field: '/endsAt' }],
    });
    await t.rejects(env.giveaways.pause(as.member(guildId), a.giveaway.id), {
      code: 'GIVEAWAY_ERR_FORBIDDEN',
      statusCode: 403,
    });
    await t.rejects(env.giveaways.end(as.manager(freshGuild()), a.giveaway.id), {
      code: 'GIVEAWAY_ERR_NOT_FOUND',
      statusCode: 404,
    });
    await t.rejects(env.giveaways.resume(host, a.giveaway.id), {
      code: 'GIVEAWAY_ERR_WRONG_STATUS',
      details: { status: 'running' },
    });
    const cancelled = await env.giveaways.cancel(host, a.giveaway.id);
    t.equal(cancelled.giveaway.status, 'cancelled');
    await t.rejects(env.entries.enter(as.member(guildId), a.giveaway.id, member()), {
      code: 'GIVEAWAY_ERR_NOT_OPEN',
    });
    await env.events.waitFor(giveawayEvents.cancelled, guildId);
  },
);

t.test('lifecycle – idempotency keys: a retried create is the first one', async (t) => {
  const env = await giveawayEnv(t);
  const guildId = freshGuild();
  const host = as.manager(guildId);
  const input = { prize: 'Key', winnerCount: 1, endsAt: inMs(hour) };
  const first = await env.giveaways.create(host, input, { idempotencyKey: 'interaction-1' });
  const second = await env.giveaways.create(host, input, { idempotencyKey: 'interaction-1' });
  t.equal(second.giveaway.id, first.giveaway.id);
  t.equal(second.replayed, true);
  await t.rejects(
    env.giveaways.create(host, { ...input, prize: 'Other' }, { idempotencyKey: 'interaction-1' }),
    {
      code: 'GW_ERR_IDEMPOTENCY_MISMATCH',
    },
  );
});

t.test('lifecycle – ending one giveaway from 3 callers at once: one end, one event', async (t) => {
  const env = await giveawayEnv(t);
  const guildId = freshGuild();
  const host = as.manager(guildId);
  const { giveaway } = await env.giveaways.create(host, {
    prize: 'Race',
    winnerCount: 1,
    endsAt: inMs(hour),
  });
  for (const id of ['301', '302', '303'])
    await env.entries.enter(as.member(guildId, id), giveaway.id, member());
  const results = await Promise.allSettled([1, 2, 3].map(() => env.giveaways.end(host, giveaway.id)));
  t.equal(results.filter((r) => r.status === 'fulfilled').length, 1, 'one end');
  for (const r of results.filter((r) => r.status === 'rejected'))
    t.match((r as PromiseRejectedResult).reason, { code: 'GIVEAWAY_ERR_WRONG_STATUS', statusCode: 409 });
  await env.events.waitFor(giveawayEvents.ended, guildId);
  await env.giveaways.create(host, { prize: 'marker', winnerCount: 1, endsAt: inMs(hour) });
  await env.events.waitFor(giveawayEvents.created, guildId, 2);
  t.equal(env.events.of(giveawayEvents.ended, guildId).length, 1, 'one ended event');
});
