import { ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { answerMemberRoles, freshGuild, peerBus, ticketApp, ticketCategory, tokenFor } from '../fixtures.js';

type App = Awaited<ReturnType<typeof ticketApp>>['app'];
type Role = 'staff' | 'admin' | 'member';

const opener = '101';
const alice = '501'; // staff (module support role), claims the ticket
const bob = '502'; // staff (module support role)
const carol = '503'; // staff of the billing category only
const admin = '900'; // guild admin (no support role)
const mallory = '601'; // a member of the guild, no support role
const outsider = '602'; // not in the guild
const supportRole = '4000';
const billingRole = '4100';

const billing = ticketCategory({ id: 'billing', name: 'Billing', supportRoleIds: [billingRole] });

const request = (app: App, guild: string, url: string, who: [string, Role], payload?: object, headers = {}) =>
  app.inject({
    method: 'POST',
    url: `/v1/guilds/${guild}/tickets${url}`,
    headers: { ...tokenFor(who[0], { [guild]: who[1] }), ...headers },
    ...(payload ? { payload } : {}),
  });

const transfer = (app: App, guild: string, id: string, toUserId: string, who: [string, Role], extra = {}) =>
  request(app, guild, `/${id}/transfer`, who, { toUserId, ...extra });

async function setup(t: Parameters<typeof ticketApp>[0]) {
  const env = await ticketApp(t, { settings: { supportRoleIds: [supportRole], categories: [billing] } });
  const bot = await peerBus(t, env.bus, 'bot-gateway');
  await answerMemberRoles(t, bot, {
    [opener]: {},
    [alice]: { roleIds: [supportRole] },
    [bob]: { roleIds: [supportRole] },
    [carol]: { roleIds: [billingRole] },
    [admin]: { guildAdmin: true },
    [mallory]: { roleIds: ['4999'] },
  });
  return env;
}

/** A ticket opened by `opener` (in `categoryId`) and claimed by alice. */
async function claimedTicket(app: App, guild: string, categoryId = 'default') {
  const opened = await request(app, guild, '', [opener, 'member'], { subject: 'Help', categoryId });
  if (opened.statusCode !== 201) throw new Error(opened.body);
  const id = opened.json().ticket.id as string;
  const claimed = await request(app, guild, `/${id}/claim`, [alice, 'staff']);
  if (claimed.statusCode !== 200) throw new Error(claimed.body);
  return claimed.json().ticket as { id: string; version: number };
}

t.test('transfer – the assignee hands the ticket to another staff member; one event', async (t) => {
  const { app, events } = await setup(t);
  const guild = freshGuild();
  const ticket = await claimedTicket(app, guild);
  const res = await transfer(app, guild, ticket.id, bob, [alice, 'staff'], {
    expectedVersion: ticket.version,
  });
  t.equal(res.statusCode, 200, res.body);
  t.equal(res.json().ticket.assigneeId, bob);
  t.equal(res.json().ticket.status, 'claimed');
  t.equal(res.json().ticket.version, ticket.version + 1);
  const [event] = await events.waitFor(ticketEvents.transferred, guild);
  t.equal(event?.previousAssigneeId, alice);
  t.equal(event?.ticket?.assigneeId, bob);
  t.equal(event?.meta?.actor?.id, alice);

  const same = await transfer(app, guild, ticket.id, bob, [bob, 'staff']);
  t.equal(same.statusCode, 200, 'to the current assignee: nothing to do');
  t.equal(same.json().ticket.version, ticket.version + 1);

  const byAdmin = await transfer(app, guild, ticket.id, admin, [admin, 'admin']);
  t.equal(byAdmin.statusCode, 200, 'an admin transfers a ticket that is not theirs, to an admin');
  t.equal(byAdmin.json().ticket.assigneeId, admin);
  await events.waitFor(ticketEvents.transferred, guild, 2);
});

t.test('transfer – staff of the ticket’s category count; of another category not', async (t) => {
  const { app } = await setup(t);
  const guild = freshGuild();
  const inBilling = await claimedTicket(app, guild, 'billing');
  const toCarol = await transfer(app, guild, inBilling.id, carol, [alice, 'staff']);
  t.equal(toCarol.statusCode, 200, toCarol.body);
  const inDefault = await claimedTicket(app, guild);
  const refused = await transfer(app, guild, inDefault.id, carol, [alice, 'staff']);
  t.equal(refused.statusCode, 422, 'carol holds no support role of the default category');
  t.equal(refused.json().error.code, 'TICKET_ERR_TARGET_NOT_STAFF');
});

t.test(
  'transfer – refusals: not staff, not in guild, not claimed, not the assignee, members, stale',
  async (t) => {
    const { app, events } = await setup(t);
    const guild = freshGuild();
    const ticket = await claimedTicket(app, guild);

    const notStaff = await transfer(app, guild, ticket.id, mallory, [alice, 'staff']);
    t.equal(notStaff.statusCode, 422);
    t.equal(notStaff.json().error.code, 'TICKET_ERR_TARGET_NOT_STAFF');
    t.match(notStaff.json().error.message, /601 is not staff of this ticket/);
    const gone = await transfer(app, guild, ticket.id, outsider, [alice, 'staff']);
    t.equal(gone.statusCode, 422);
    t.equal(gone.json().error.code, 'TICKET_ERR_MEMBER_NOT_IN_GUILD');
    const notAssignee = await transfer(app, guild, ticket.id, bob, [bob, 'staff']);
    t.equal(notAssignee.statusCode, 403, 'other staff may not take it over by transfer');
    t.match(notAssignee.json().error.message, /only the assignee or an admin/);
    const member = await transfer(app, guild, ticket.id, bob, [opener, 'member']);
    t.equal(member.statusCode, 403);
    const noToken = await app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/tickets/${ticket.id}/transfer`,
      payload: { toUserId: bob },
    });
    t.equal(noToken.statusCode, 401);
    const badBody = await request(app, guild, `/${ticket.id}/transfer`, [alice, 'staff'], { to: bob });
    t.equal(badBody.statusCode, 400);
    const stale = await transfer(app, guild, ticket.id, bob, [alice, 'staff'], { expectedVersion: 1 });
    t.equal(stale.statusCode, 412);
    t.equal(stale.json().error.code, 'GW_ERR_STALE_VERSION');
    const headerAndBody = await request(
      app,
      guild,
      `/${ticket.id}/transfer`,
      [alice, 'staff'],
      { toUserId: bob, expectedVersion: ticket.version },
      { 'if-match': `"${ticket.version + 5}"` },
    );
    t.equal(headerAndBody.statusCode, 400, 'If-Match and expectedVersion must agree');

    const unclaimed = await request(app, guild, `/${ticket.id}/unclaim`, [alice, 'staff']);
    t.equal(unclaimed.statusCode, 200);
    const notClaimed = await transfer(app, guild, ticket.id, bob, [admin, 'admin']);
    t.equal(notClaimed.statusCode, 409);
    t.equal(notClaimed.json().error.code, 'TICKET_ERR_NOT_CLAIMED');
    await events.waitFor(ticketEvents.unclaimed, guild);
    t.equal(events.of(ticketEvents.transferred, guild).length, 0, 'no refusal published anything');
  },
);

t.test('transfer – two staff transferring one ticket at once: one wins, one event', async (t) => {
  const { app, events } = await setup(t);
  const guild = freshGuild();
  const ticket = await claimedTicket(app, guild);
  const [first, second] = await Promise.all([
    transfer(app, guild, ticket.id, bob, [alice, 'staff'], { expectedVersion: ticket.version }),
    transfer(app, guild, ticket.id, admin, [admin, 'admin'], { expectedVersion: ticket.version }),
  ]);
  const codes = [first!.statusCode, second!.statusCode].sort();
  t.same(codes, [200, 412], 'the loser saw a version that is no longer current');
  const winner = first!.statusCode === 200 ? first! : second!;
  const loser = first!.statusCode === 200 ? second! : first!;
  t.same(loser.json().error.details, { currentVersion: ticket.version + 1 });
  const [event] = await events.waitFor(ticketEvents.transferred, guild);
  t.equal(event?.ticket?.assigneeId, winner.json().ticket.assigneeId);
  // The close is published after any second transfer would have been.
  const close = await request(app, guild, `/${ticket.id}/close`, [admin, 'admin']);
  t.equal(close.statusCode, 200);
  await events.waitFor(ticketEvents.closed, guild);
  t.equal(events.of(ticketEvents.transferred, guild).length, 1, 'exactly one transferred event');

  // Without versions the assignee racing themselves (two targets at once): the first moves the
  // ticket away from them, so the second is no longer theirs to transfer.
  const again = await claimedTicket(app, guild);
  const both = await Promise.all([
    transfer(app, guild, again.id, bob, [alice, 'staff']),
    transfer(app, guild, again.id, admin, [alice, 'staff']),
  ]);
  t.same(both.map((r) => r.statusCode).sort(), [200, 403]);
});
