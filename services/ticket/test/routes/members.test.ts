import { ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { limits } from '../../src/domain/limits.js';
import { answerMemberRoles, freshGuild, peerBus, streamCount, ticketApp, tokenFor } from '../fixtures.js';

type App = Awaited<ReturnType<typeof ticketApp>>['app'];
type Role = 'staff' | 'admin' | 'member';

const opener = '101';
const staff = '500';
const friend = '202';
const stranger = '303';

const call = (
  app: App,
  guild: string,
  method: 'POST' | 'DELETE',
  url: string,
  who: [string, Role],
  extra = {},
) =>
  app.inject({
    method,
    url: `/v1/guilds/${guild}/tickets${url}`,
    headers: tokenFor(who[0], { [guild]: who[1] }),
    ...extra,
  });

async function openTicket(app: App, guild: string): Promise<{ id: string; version: number }> {
  const res = await call(app, guild, 'POST', '', [opener, 'member'], { payload: { subject: 'Help' } });
  if (res.statusCode !== 201) throw new Error(res.body);
  return res.json().ticket;
}

const add = (
  app: App,
  guild: string,
  id: string,
  userId: string,
  who: [string, Role] = [staff, 'staff'],
  extra = {},
) => call(app, guild, 'POST', `/${id}/members`, who, { payload: { userId }, ...extra });
const remove = (
  app: App,
  guild: string,
  id: string,
  userId: string,
  who: [string, Role] = [staff, 'staff'],
  extra = {},
) => call(app, guild, 'DELETE', `/${id}/members/${userId}`, who, extra);

/** The service with a stand-in bot that knows `opener`, `staff` and `friend` as guild members. */
async function setup(t: Parameters<typeof ticketApp>[0]) {
  const env = await ticketApp(t);
  const bot = await peerBus(t, env.bus, 'bot-gateway');
  await answerMemberRoles(t, bot, { [opener]: {}, [staff]: {}, [friend]: {} });
  return env;
}

t.test('members – staff add a member and take them out; stored, one event each', async (t) => {
  const { app, events } = await setup(t);
  const guild = freshGuild();
  const ticket = await openTicket(app, guild);

  const added = await add(app, guild, ticket.id, friend);
  t.equal(added.statusCode, 200, added.body);
  t.same(added.json().ticket.memberIds, [friend]);
  t.equal(added.json().ticket.version, ticket.version + 1);
  t.equal(added.headers.etag, `"${ticket.version + 1}"`);
  const [event] = await events.waitFor(ticketEvents.memberAdded, guild);
  t.equal(event?.memberId, friend);
  t.same(event?.ticket?.memberIds, [friend]);
  t.equal(event?.meta?.actor?.id, staff);

  const got = await app.inject({
    method: 'GET',
    url: `/v1/guilds/${guild}/tickets/${ticket.id}`,
    headers: tokenFor(staff, { [guild]: 'staff' }),
  });
  t.same(got.json().ticket.memberIds, [friend], 'kept with the ticket');

  const again = await add(app, guild, ticket.id, friend);
  t.equal(again.statusCode, 200, 'adding a member again succeeds');
  t.equal(again.json().ticket.version, ticket.version + 1, '… and changes nothing');

  const removed = await remove(app, guild, ticket.id, friend);
  t.equal(removed.statusCode, 200, removed.body);
  t.same(removed.json().ticket.memberIds, []);
  const [gone] = await events.waitFor(ticketEvents.memberRemoved, guild);
  t.equal(gone?.memberId, friend);
  t.same(gone?.ticket?.memberIds, []);

  const notMember = await remove(app, guild, ticket.id, friend);
  t.equal(notMember.statusCode, 200, 'removing a non-member succeeds');
  t.equal(notMember.json().ticket.version, ticket.version + 2, '… and changes nothing');
  await events.waitForCount(guild, 3);
  t.equal(events.of(ticketEvents.memberAdded, guild).length, 1, 'one added event');
  t.equal(events.of(ticketEvents.memberRemoved, guild).length, 1, 'one removed event');
});

t.test('members – who may, whom, and when', async (t) => {
  const { app, bus, events } = await setup(t);
  const guild = freshGuild();
  const ticket = await openTicket(app, guild);

  const noToken = await app.inject({
    method: 'POST',
    url: `/v1/guilds/${guild}/tickets/${ticket.id}/members`,
    payload: { userId: friend },
  });
  t.equal(noToken.statusCode, 401);
  const byMember = await add(app, guild, ticket.id, friend, [opener, 'member']);
  t.equal(byMember.statusCode, 403, 'the opener is no staff');
  t.equal(byMember.json().error.code, 'GW_ERR_FORBIDDEN');
  const removeByMember = await remove(app, guild, ticket.id, friend, [opener, 'member']);
  t.equal(removeByMember.statusCode, 403);

  const theOpener = await add(app, guild, ticket.id, opener);
  t.equal(theOpener.statusCode, 400);
  t.equal(theOpener.json().error.code, 'TICKET_ERR_MEMBER_IS_OPENER');
  const removeOpener = await remove(app, guild, ticket.id, opener);
  t.equal(removeOpener.statusCode, 400);
  t.equal(removeOpener.json().error.code, 'TICKET_ERR_MEMBER_IS_OPENER');

  const outsider = await add(app, guild, ticket.id, stranger);
  t.equal(outsider.statusCode, 422, 'the bot says the user is not in the guild');
  t.equal(outsider.json().error.code, 'TICKET_ERR_MEMBER_NOT_IN_GUILD');
  t.match(outsider.json().error.message, /303 is not a member of this guild/);

  const badId = await add(app, guild, ticket.id, 'not-a-snowflake');
  t.equal(badId.statusCode, 400);
  t.match(badId.body, /userId/);
  const unknown = await add(app, guild, '0190c1d2-0000-7000-8000-000000000001', friend);
  t.equal(unknown.statusCode, 404);

  const stale = await add(app, guild, ticket.id, friend, [staff, 'staff'], {
    headers: { ...tokenFor(staff, { [guild]: 'staff' }), 'if-match': '"99"' },
  });
  t.equal(stale.statusCode, 412, 'If-Match honoured');
  const staleBody = await call(app, guild, 'POST', `/${ticket.id}/members`, [staff, 'staff'], {
    payload: { userId: friend, expectedVersion: 99 },
  });
  t.equal(staleBody.statusCode, 412, 'expectedVersion in the body honoured');
  t.equal(staleBody.json().error.code, 'GW_ERR_STALE_VERSION');

  const closed = await call(app, guild, 'POST', `/${ticket.id}/close`, [staff, 'staff']);
  t.equal(closed.statusCode, 200);
  const addClosed = await add(app, guild, ticket.id, friend);
  t.equal(addClosed.statusCode, 409);
  t.equal(addClosed.json().error.code, 'TICKET_ERR_CLOSED');
  const removeClosed = await remove(app, guild, ticket.id, friend);
  t.equal(removeClosed.statusCode, 409);

  await events.waitFor(ticketEvents.closed, guild);
  t.equal(events.of(ticketEvents.memberAdded, guild).length, 0, 'no refusal published anything');
  t.ok((await streamCount(bus)) >= 2);
});

t.test('members – when the bot cannot tell, the member is accepted', async (t) => {
  const { app, events } = await ticketApp(t); // no bot answers cmd.discord.member_roles
  const guild = freshGuild();
  const ticket = await openTicket(app, guild);
  const res = await add(app, guild, ticket.id, stranger);
  t.equal(res.statusCode, 200, res.body);
  const [event] = await events.waitFor(ticketEvents.memberAdded, guild);
  t.equal(event?.memberId, stranger);
});

t.test(`members – at most ${limits.members} per ticket`, async (t) => {
  const { app } = await ticketApp(t);
  const guild = freshGuild();
  const ticket = await openTicket(app, guild);
  for (let i = 0; i < limits.members; i++) {
    const res = await add(app, guild, ticket.id, String(10_000 + i));
    if (res.statusCode !== 200) t.fail(res.body);
  }
  const over = await add(app, guild, ticket.id, '20000');
  t.equal(over.statusCode, 409);
  t.equal(over.json().error.code, 'TICKET_ERR_TOO_MANY_MEMBERS');
  t.same(over.json().error.details, { limit: limits.members });
});
