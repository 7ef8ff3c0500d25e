import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type EventDef, type EventOf, giveawayEvents, toDashboardJson } from '@guildwire/contracts';
import { spawnTs } from '@guildwire/testkit';
import t from 'tap';
import { verifyDraw } from '../../src/domain/verify-draw.js';
import { freshGuild, giveawayApp, inMs, tokenFor } from '../fixtures.js';

const hour = 3_600_000;
const frameData = <D extends EventDef>(def: D, message: EventOf<D> | undefined) =>
  JSON.parse(JSON.stringify(toDashboardJson(def.json, message as never))) as Record<string, unknown>;

t.test('http json – a giveaway over HTTP and in its stream event are the same JSON', async (t) => {
  const { app, events } = await giveawayApp(t);
  const guild = freshGuild();
  const staff = tokenFor('9', { [guild]: 'staff' });
  const created = await app.inject({
    method: 'POST',
    url: `/v1/guilds/${guild}/giveaways`,
    headers: staff,
    payload: {
      prize: 'Nitro',
      winnerCount: 1,
      endsAt: inMs(hour).toISOString(),
      requirements: { minMemberAgeMs: 0 },
    },
  });
  t.equal(created.statusCode, 201, created.body);
  t.equal(created.headers.etag, '"1"');
  const giveaway = created.json().giveaway;
  for (const field of ['channelId', 'messageId', 'pausedAt', 'endedAt', 'cancelledAt'])
    t.strictSame(giveaway[field], null, `absent ${field} is null`);
  t.strictSame(giveaway.draw.seed, null, 'no seed before the end');
  const [createdEvent] = await events.waitFor(giveawayEvents.created, guild);
  t.strictSame(
    giveaway,
    frameData(giveawayEvents.created, createdEvent).giveaway,
    'create reply = giveaway.created',
  );

  const url = `/v1/guilds/${guild}/giveaways/${giveaway.id}`;
  const member = tokenFor('42', { [guild]: 'member' });
  const entered = await app.inject({ method: 'POST', url: `${url}/entry`, headers: member });
  t.equal(entered.statusCode, 200, entered.body);
  t.equal(entered.json().alreadyEntered, false);
  t.equal(
    (await app.inject({ method: 'POST', url: `${url}/entry`, headers: member })).json().alreadyEntered,
    true,
  );

  const ended = await app.inject({ method: 'POST', url: `${url}/end`, headers: staff, payload: {} });
  t.equal(ended.statusCode, 200, ended.body);
  t.same(ended.json().winnerIds, ['42']);
  const [endedEvent] = await events.waitFor(giveawayEvents.ended, guild);
  const got = (await app.inject({ method: 'GET', url, headers: member })).json();
  t.strictSame(
    got.giveaway,
    frameData(giveawayEvents.ended, endedEvent).giveaway,
    'GET after end = giveaway.ended',
  );
  t.strictSame(ended.json().giveaway, got.giveaway, 'end reply = GET');
  t.equal(got.ownEntry.userId, '42');
});

t.test('http – versions, roles and bad input get the right status and field errors', async (t) => {
  const { app } = await giveawayApp(t, { settings: { maxWinners: 5 } });
  const guild = freshGuild();
  const staff = tokenFor('9', { [guild]: 'staff' });
  const base = `/v1/guilds/${guild}/giveaways`;
  const create = (payload: object, headers = staff) =>
    app.inject({ method: 'POST', url: base, headers, payload });
  const tooMany = await create({ prize: 'x', winnerCount: 6, endsAt: inMs(hour).toISOString() });
  t.equal(tooMany.statusCode, 400);
  t.same(tooMany.json().error.details, [{ field: '/winnerCount', message: 'must be between 1 and 5' }]);
  const past = await create({ prize: 'x', winnerCount: 1, endsAt: inMs(-hour).toISOString() });
  t.equal(past.statusCode, 400);
  t.equal(past.json().error.details[0].field, '/endsAt');
  const unknown = await create({ prize: 'x', winnerCount: 1, endsAt: inMs(hour).toISOString(), colour: 3 });
  t.equal(unknown.statusCode, 400, 'unknown properties are refused');
  const asMember = await create(
    { prize: 'x', winnerCount: 1, endsAt: inMs(hour).toISOString() },
    tokenFor('1', { [guild]: 'member' }),
  );
  t.equal(asMember.statusCode, 403, 'a member acting as manager');
  const otherGuild = await create(
    { prize: 'x', winnerCount: 1, endsAt: inMs(hour).toISOString() },
    tokenFor('9', { '123': 'admin' }),
  );
  t.equal(otherGuild.statusCode, 403, 'a manager of another guild');

  const ok = await create({ prize: 'x', winnerCount: 1, endsAt: inMs(hour).toISOString() });
  const url = `${base}/${ok.json().giveaway.id}`;
  const patch = (headers: Record<string, string>, payload: object = { prize: 'y' }) =>
    app.inject({ method: 'PATCH', url, headers: { ...staff, ...headers }, payload });
  t.equal((await patch({})).statusCode, 428, 'If-Match required on PATCH');
  t.equal((await patch({ 'if-match': '"7"' })).statusCode, 412, 'stale If-Match');
  const patched = await patch({ 'if-match': '"1"' });
  t.equal(patched.statusCode, 200);
  t.equal(patched.headers.etag, '"2"');
  t.equal(
    (await app.inject({ method: 'POST', url: `${url}/pause`, headers: { ...staff, 'if-match': '"1"' } }))
      .statusCode,
    412,
  );
  t.equal((await app.inject({ method: 'POST', url: `${url}/cancel`, headers: staff })).statusCode, 200);
  const late = await patch({ 'if-match': '"3"' });
  t.equal(late.statusCode, 409, 'editing a cancelled giveaway');
  t.equal(late.json().error.code, 'GIVEAWAY_ERR_WRONG_STATUS');
  t.equal(
    (
      await app.inject({
        method: 'GET',
        url: `${url}/entrants`,
        headers: tokenFor('1', { [guild]: 'member' }),
      })
    ).statusCode,
    403,
  );
  t.equal((await app.inject({ method: 'GET', url: `${base}/not-a-uuid`, headers: staff })).statusCode, 400);
  const list = await app.inject({ method: 'GET', url: `${base}?status=cancelled&limit=1`, headers: staff });
  t.equal(list.json().items.length, 1);
  const stats = await app.inject({ method: 'GET', url: `${base}/stats`, headers: staff });
  t.equal(stats.json().cancelled, 1);
});

t.test('http – list pages with a cursor, entrants page for managers', async (t) => {
  const { app } = await giveawayApp(t);
  const guild = freshGuild();
  const staff = tokenFor('9', { [guild]: 'staff' });
  const base = `/v1/guilds/${guild}/giveaways`;
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await app.inject({
      method: 'POST',
      url: base,
      headers: staff,
      payload: { prize: `p${i}`, winnerCount: 1, endsAt: inMs(hour).toISOString() },
    });
    ids.push(r.json().giveaway.id);
  }
  const seen: string[] = [];
  let cursor: string | undefined;
  do {
    const page = (
      await app.inject({
        method: 'GET',
        url: `${base}?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        headers: staff,
      })
    ).json();
    seen.push(...page.items.map((g: { id: string }) => g.id));
    cursor = page.nextCursor;
  } while (cursor);
  t.same(seen, [...ids].reverse(), 'newest first, each once');
  t.equal(
    (await app.inject({ method: 'GET', url: `${base}?cursor=garbage`, headers: staff })).statusCode,
    400,
  );
  for (const id of ['11', '12', '13'])
    await app.inject({
      method: 'POST',
      url: `${base}/${ids[0]}/entry`,
      headers: tokenFor(id, { [guild]: 'member' }),
    });
  const page1 = (
    await app.inject({ method: 'GET', url: `${base}/${ids[0]}/entrants?limit=2`, headers: staff })
  ).json();
  t.same(
    page1.items.map((e: { userId: string }) => e.userId),
    ['11', '12'],
  );
  const page2 = (
    await app.inject({
      method: 'GET',
      url: `${base}/${ids[0]}/entrants?limit=2&cursor=${page1.nextCursor}`,
      headers: staff,
    })
  ).json();
  t.same(
    page2.items.map((e: { userId: string }) => e.userId),
    ['13'],
  );
  t.equal(page2.nextCursor, undefined);
});

t.test('http – the public draw verifies with the CLI; a tampered copy does not', async (t) => {
  const { app } = await giveawayApp(t);
  const guild = freshGuild();
  const staff = tokenFor('9', { [guild]: 'staff' });
  const base = `/v1/guilds/${guild}/giveaways`;
  const created = await app.inject({
    method: 'POST',
    url: base,
    headers: staff,
    payload: { prize: 'v', winnerCount: 2, endsAt: inMs(hour).toISOString() },
  });
  const url = `${base}/${created.json().giveaway.id}`;
  t.equal(
    (await app.inject({ method: 'GET', url: `${url}/draw` })).statusCode,
    409,
    'no draw (and no seed) before the end',
  );
  for (let i = 0; i < 12; i++)
    await app.inject({
      method: 'POST',
      url: `${url}/entry`,
      headers: tokenFor(String(3000 + i), { [guild]: 'member' }),
    });
  await app.inject({ method: 'POST', url: `${url}/end`, headers: staff });
  await app.inject({ method: 'POST', url: `${url}/reroll`, headers: staff, payload: { count: 1 } });
  const draw = await app.inject({ method: 'GET', url: `${url}/draw` });
  t.equal(draw.statusCode, 200, 'public: no token');
  const body = draw.json();
  t.equal(body.entries.length, 12);
  t.equal(body.rounds.length, 2);
  t.ok(verifyDraw(body).ok);

  const dir = t.testdir({});
  const good = join(dir, 'draw.json');
  const bad = join(dir, 'tampered.json');
  await writeFile(good, JSON.stringify(body));
  await writeFile(bad, JSON.stringify({ ...body, entries: body.entries.slice(1) }));
  const cli = join(import.meta.dirname, '../../bin/verify.ts');
  const verified = spawnTs(cli, { args: [good], t });
  t.equal((await verified.exited).code, 0, verified.stderr());
  t.match(verified.stdoutLines().join('\n'), /VERIFIED/);
  const refused = spawnTs(cli, { args: [bad], t });
  t.equal((await refused.exited).code, 1);
  t.match(refused.stdoutLines().join('\n'), /FAILED: the entry list does not match the digest/);
});

t.test('http openapi – the document lists every route of the service', async (t) => {
  const { app } = await giveawayApp(t);
  const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
  const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
  );
  const p = '/v1/guilds/{guildId}/giveaways';
  for (const route of [
    `POST ${p}`,
    `GET ${p}`,
    `GET ${p}/stats`,
    `GET ${p}/{giveawayId}`,
    `PATCH ${p}/{giveawayId}`,
    `POST ${p}/{giveawayId}/pause`,
    `POST ${p}/{giveawayId}/resume`,
    `POST ${p}/{giveawayId}/end`,
    `POST ${p}/{giveawayId}/cancel`,
    `POST ${p}/{giveawayId}/reroll`,
    `POST ${p}/{giveawayId}/entry`,
    `DELETE ${p}/{giveawayId}/entry`,
    `GET ${p}/{giveawayId}/entrants`,
    `GET ${p}/{giveawayId}/draw`,
  ])
    t.ok(listed.includes(route), route);
});
