import t from 'tap';
import { freshGuild, ticketApp, tokenFor } from '../fixtures.js';

type Page = {
  items: Array<{ number: number; priority: string; status: string; openerId: string }>;
  nextCursor?: string;
};

t.test('http list – filters, sort and cursor pagination walk every ticket once', async (t) => {
  const { app } = await ticketApp(t, { settings: { openLimitPerUser: 100 } });
  const guild = freshGuild();
  const staff = tokenFor('9', { [guild]: 'staff' });
  const priorities = ['low', 'normal', 'high', 'urgent'];
  for (let i = 0; i < 13; i++) {
    const opener = tokenFor(String(10 + (i % 3)), { [guild]: 'member' });
    const subject = i % 4 === 0 ? `Billing issue ${i}` : `Login problem ${i}`;
    const res = await app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/tickets`,
      headers: opener,
      payload: { subject, priority: priorities[i % 4] },
    });
    if (i % 5 === 0)
      await app.inject({
        method: 'POST',
        url: `/v1/guilds/${guild}/tickets/${res.json().ticket.id}/claim`,
        headers: staff,
      });
  }
  const walk = async (query: string) => {
    const seen: number[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 20; page++) {
      const url = `/v1/guilds/${guild}/tickets?limit=4&${query}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await app.inject({ method: 'GET', url, headers: staff });
      t.equal(res.statusCode, 200, url);
      const body = res.json() as Page;
      seen.push(...body.items.map((i) => i.number));
      cursor = body.nextCursor;
      if (!cursor) break;
    }
    return seen;
  };
  t.same(
    await walk('sort=number'),
    Array.from({ length: 13 }, (_, i) => i + 1),
  );
  t.same(
    await walk('sort=-created_at'),
    Array.from({ length: 13 }, (_, i) => 13 - i),
  );
  const byPriority = await walk('sort=-priority');
  t.equal(new Set(byPriority).size, 13, 'priority order: every ticket once');
  t.same(await walk('sort=number&status=claimed'), [1, 6, 11]);
  t.same(await walk('sort=number&priority=urgent&priority=high'), [3, 4, 7, 8, 11, 12]);
  t.same(await walk('sort=number&q=billing'), [1, 5, 9, 13]);
  t.same(await walk('sort=number&opener=11'), [2, 5, 8, 11]);
  t.same(await walk('sort=number&assignee=9'), [1, 6, 11]);
  t.same(
    await walk(`sort=number&createdTo=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}`),
    [],
  );
  const member = await app.inject({
    method: 'GET',
    url: `/v1/guilds/${guild}/tickets?sort=number&limit=100`,
    headers: tokenFor('10', { [guild]: 'member' }),
  });
  t.same(
    (member.json() as Page).items.map((i) => i.number),
    [1, 4, 7, 10, 13],
    'a member sees only their own tickets',
  );
  const wrongSort = await walk('sort=number');
  t.equal(wrongSort.length, 13);
  const first = (
    await app.inject({
      method: 'GET',
      url: `/v1/guilds/${guild}/tickets?sort=number&limit=2`,
      headers: staff,
    })
  ).json() as Page;
  const mixed = await app.inject({
    method: 'GET',
    url: `/v1/guilds/${guild}/tickets?sort=-priority&cursor=${first.nextCursor}`,
    headers: staff,
  });
  t.equal(mixed.statusCode, 400, 'a cursor of another sort order is refused');
});

t.test('http stats – open now, opened per day, median first response and resolution', async (t) => {
  const { app } = await ticketApp(t, { settings: { openLimitPerUser: 100 } });
  const guild = freshGuild();
  const staff = tokenFor('9', { [guild]: 'staff' });
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    const res = await app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/tickets`,
      headers: tokenFor('1', { [guild]: 'member' }),
      payload: { subject: `s${i}` },
    });
    ids.push(res.json().ticket.id);
  }
  await app.inject({ method: 'POST', url: `/v1/guilds/${guild}/tickets/${ids[0]}/claim`, headers: staff });
  await app.inject({
    method: 'POST',
    url: `/v1/guilds/${guild}/tickets/${ids[1]}/close`,
    headers: staff,
    payload: { reason: 'dup' },
  });
  const res = await app.inject({
    method: 'GET',
    url: `/v1/guilds/${guild}/tickets/stats?days=7`,
    headers: staff,
  });
  t.equal(res.statusCode, 200);
  const stats = res.json();
  t.equal(stats.open, 2);
  t.equal(stats.claimed, 1);
  t.equal(stats.openedPerDay.length, 7);
  t.equal(stats.openedPerDay.at(-1).count, 4);
  t.equal(stats.openedPerDay.at(-1).date, new Date().toISOString().slice(0, 10));
  t.type(stats.medianFirstResponseMs, 'number');
  t.ok(stats.medianFirstResponseMs >= 0);
  t.type(stats.medianResolutionMs, 'number');
});

t.test('http stats – per staff and per category: staff only, the range checked', async (t) => {
  const { app } = await ticketApp(t, { settings: { feedbackOnClose: true } });
  const guild = freshGuild();
  const staff = tokenFor('9', { [guild]: 'staff' });
  const opener = tokenFor('1', { [guild]: 'member' });
  const opened = await app.inject({
    method: 'POST',
    url: `/v1/guilds/${guild}/tickets`,
    headers: opener,
    payload: { subject: 's' },
  });
  const id = opened.json().ticket.id;
  await app.inject({ method: 'POST', url: `/v1/guilds/${guild}/tickets/${id}/claim`, headers: staff });
  await app.inject({ method: 'POST', url: `/v1/guilds/${guild}/tickets/${id}/close`, headers: staff });
  await app.inject({
    method: 'POST',
    url: `/v1/guilds/${guild}/tickets/${id}/feedback`,
    headers: opener,
    payload: { rating: 4 },
  });
  const staffStats = await app.inject({
    method: 'GET',
    url: `/v1/guilds/${guild}/tickets/stats/staff`,
    headers: staff,
  });
  t.equal(staffStats.statusCode, 200);
  t.match(staffStats.json().staff, [{ staffId: '9', claimed: 1, closed: 1, averageRating: 4, ratings: 1 }]);
  const categories = await app.inject({
    method: 'GET',
    url: `/v1/guilds/${guild}/tickets/stats/categories?from=${encodeURIComponent(new Date(Date.now() - 3600_000).toISOString())}`,
    headers: staff,
  });
  t.equal(categories.statusCode, 200);
  t.match(categories.json().categories, [{ categoryId: 'default', opened: 1, closed: 1, ratings: 1 }]);
  for (const [query, field] of [
    ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', '/from'],
    ['from=2024-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', '/to'],
    ['from=yesterday', 'from'],
    ['days=7', 'days'],
  ] as const) {
    for (const path of ['staff', 'categories']) {
      const res = await app.inject({
        method: 'GET',
        url: `/v1/guilds/${guild}/tickets/stats/${path}?${query}`,
        headers: staff,
      });
      t.equal(res.statusCode, 400, `${path}?${query}`);
      t.match(JSON.stringify(res.json().error), field);
    }
  }
  const member = await app.inject({
    method: 'GET',
    url: `/v1/guilds/${guild}/tickets/stats/staff`,
    headers: opener,
  });
  t.equal(member.statusCode, 403);
});
