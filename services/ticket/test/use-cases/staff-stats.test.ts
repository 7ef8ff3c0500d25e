import t from 'tap';
import { as, freshGuild, ticketCategory, ticketEnv } from '../fixtures.js';

const minute = 60_000;
const hour = 60 * minute;
const base = Date.parse('2026-01-05T00:00:00.000Z');

/**
 * Six tickets with known times (minutes after opening): staff A = 500 and B = 501, opener 100.
 *   t1 default  A claims +10, A closes +60, rated 5
 *   t2 default  A claims +30, the opener closes +120, rated 3
 *   t3 billing  A claims +20, B closes +240 while A holds it (counts for A), no rating
 *   t4 billing  B claims +5, unclaims, claims again +6 (one claimed ticket), closes +65, rated 2
 *   t5 default  B claims +15, closes +45, rated 4
 *   t6 default  opened, never touched
 * and t0, two days earlier (claimed, closed and rated 1 by A): outside the range.
 */
async function knownGuild(t: Tap) {
  let now = base;
  const env = await ticketEnv(t, {
    clock: () => new Date(now),
    settings: {
      feedbackOnClose: true,
      openLimitPerUser: 100,
      categories: [ticketCategory({ id: 'billing', name: 'Billing', openLimitPerUser: 100 })],
    },
  });
  const guild = freshGuild();
  const [opener, a, b] = [as.member(guild, '100'), as.staff(guild, '500'), as.staff(guild, '501')];
  const at = (ms: number) => {
    now = ms;
  };
  const open = async (start: number, categoryId = 'default') => {
    at(start);
    return (await env.tickets.open(opener, { subject: 's', categoryId })).ticket.id;
  };
  const t0 = await open(base - 48 * hour);
  at(base - 48 * hour + minute);
  await env.tickets.claim(a, t0);
  at(base - 48 * hour + 2 * minute);
  await env.tickets.close(a, t0, '');
  await env.tickets.feedback(opener, t0, { rating: 1 });

  const t1 = await open(base);
  at(base + 10 * minute);
  await env.tickets.claim(a, t1);
  at(base + 60 * minute);
  await env.tickets.close(a, t1, '');
  await env.tickets.feedback(opener, t1, { rating: 5 });

  const t2 = await open(base + hour);
  at(base + hour + 30 * minute);
  await env.tickets.claim(a, t2);
  at(base + hour + 120 * minute);
  await env.tickets.close(opener, t2, '');
  await env.tickets.feedback(opener, t2, { rating: 3 });

  const t3 = await open(base + 2 * hour, 'billing');
  at(base + 2 * hour + 20 * minute);
  await env.tickets.claim(a, t3);
  at(base + 2 * hour + 240 * minute);
  await env.tickets.close(b, t3, '');

  const t4 = await open(base + 3 * hour, 'billing');
  at(base + 3 * hour + 5 * minute);
  await env.tickets.claim(b, t4);
  await env.tickets.unclaim(b, t4);
  at(base + 3 * hour + 6 * minute);
  await env.tickets.claim(b, t4);
  at(base + 3 * hour + 65 * minute);
  await env.tickets.close(b, t4, '');
  await env.tickets.feedback(opener, t4, { rating: 2 });

  const t5 = await open(base + 4 * hour);
  at(base + 4 * hour + 15 * minute);
  await env.tickets.claim(b, t5);
  at(base + 4 * hour + 45 * minute);
  await env.tickets.close(b, t5, '');
  await env.tickets.feedback(opener, t5, { rating: 4 });

  await open(base + 5 * hour);
  at(base + 6 * hour);
  return { env, guild, staff: a };
}

type Tap = Parameters<typeof ticketEnv>[0];

const range = { from: new Date(base).toISOString(), to: new Date(base + 24 * hour).toISOString() };

t.test('stats – per staff member and per category over a range, from known times', async (t) => {
  const { env, staff } = await knownGuild(t);
  const perStaff = await env.queries.staffStats(staff, range.from, range.to);
  t.same(perStaff.staff, [
    {
      staffId: '500',
      claimed: 3,
      closed: 3,
      medianFirstResponseMs: 20 * minute,
      medianResolutionMs: 120 * minute,
      averageRating: 4,
      ratings: 2,
    },
    {
      staffId: '501',
      claimed: 1 + 1,
      closed: 2,
      // percentile_cont interpolates: the median of 5 and 15 minutes is 10, of 65 and 45 is 55.
      medianFirstResponseMs: 10 * minute,
      medianResolutionMs: 55 * minute,
      averageRating: 3,
      ratings: 2,
    },
  ]);
  const perCategory = await env.queries.categoryStats(staff, range.from, range.to);
  t.same(perCategory.categories, [
    {
      categoryId: 'billing',
      opened: 2,
      closed: 2,
      medianFirstResponseMs: 12.5 * minute,
      medianResolutionMs: 152.5 * minute,
      averageRating: 2,
      ratings: 1,
    },
    {
      categoryId: 'default',
      opened: 4,
      closed: 3,
      medianFirstResponseMs: 15 * minute,
      medianResolutionMs: 60 * minute,
      averageRating: 4,
      ratings: 3,
    },
  ]);
  const earlier = await env.queries.staffStats(
    staff,
    new Date(base - 72 * hour).toISOString(),
    new Date(base).toISOString(),
  );
  t.same(
    earlier.staff.map((s) => [s.staffId, s.claimed, s.closed, s.averageRating, s.ratings]),
    [['500', 1, 1, 1, 1]],
    'the range bounds every figure: t0 alone before it',
  );
  const mixed = await env.queries.staffStats(staff, new Date(base - 72 * hour).toISOString(), range.to);
  t.equal(mixed.staff[0]?.averageRating, 3, '(1 + 5 + 3) / 3');
  t.equal(mixed.staff[0]?.ratings, 3);
});

t.test('stats – range defaults, refusals and staff only', async (t) => {
  const { env, guild, staff } = await knownGuild(t);
  const defaulted = await env.queries.staffStats(staff);
  t.equal(defaulted.to.getTime(), base + 6 * hour, 'to defaults to now');
  t.equal(defaulted.from.getTime(), base + 6 * hour - 30 * 24 * hour, 'from to 30 days before');
  await t.rejects(env.queries.staffStats(staff, range.to, range.from), {
    code: 'GW_ERR_VALIDATION',
    statusCode: 400,
    details: [{ field: '/from', message: 'must be before to' }],
  });
  await t.rejects(env.queries.categoryStats(staff, range.from, range.from), {
    code: 'GW_ERR_VALIDATION',
    statusCode: 400,
  });
  await t.rejects(env.queries.categoryStats(staff, '2025-01-01T00:00:00Z', '2026-01-03T00:00:00Z'), {
    code: 'GW_ERR_VALIDATION',
    statusCode: 400,
    details: [{ field: '/to', message: 'must be at most 366 days after from' }],
  });
  t.ok(await env.queries.categoryStats(staff, '2025-01-01T00:00:00Z', '2026-01-02T00:00:00Z'), '366 days');
  await t.rejects(env.queries.staffStats(as.member(guild, '100')), {
    code: 'TICKET_ERR_FORBIDDEN',
    statusCode: 403,
  });
});
