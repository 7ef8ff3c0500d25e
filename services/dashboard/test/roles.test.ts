import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import {
  accessToken,
  type Browser,
  browser,
  claimsOf,
  patchSettings,
  signIn,
  startConfigService,
  startDashboard,
  startStack,
} from './fixtures.js';

const stack = await startStack(t);
const config = await startConfigService(t, stack);
const { app } = await startDashboard(t, stack);
const { people, roles, guilds } = stack.world;

const signedIn = new Map<string, Browser>();
/** The `guilds` claim of a fresh access token for a person (signed in once per test file). */
async function grantsOf(userId: string): Promise<Record<string, string>> {
  let b = signedIn.get(userId);
  if (b === undefined) {
    b = browser(app);
    t.equal((await signIn(b, userId)).statusCode, 303);
    signedIn.set(userId, b);
  }
  const token = await accessToken(b);
  if (token.status !== 200) throw new Error(`token answered ${token.status}: ${JSON.stringify(token.body)}`);
  return claimsOf(token.body.accessToken).guilds;
}

t.test(
  'roles – owner, Manage Guild and Administrator are admin; others member; no guild without the bot',
  async (t) => {
    t.same(
      await grantsOf(people.owner.id),
      { [guilds.main]: 'admin' },
      'owner (the botless guild is left out)',
    );
    t.same(await grantsOf(people.manager.id), { [guilds.main]: 'admin' }, 'Manage Guild');
    t.same(await grantsOf(people.administrator.id), { [guilds.main]: 'admin' }, 'Administrator');
    t.same(
      await grantsOf(people.supporter.id),
      { [guilds.main]: 'member' },
      'a support role nobody configured',
    );
    t.same(
      await grantsOf(people.plain.id),
      { [guilds.main]: 'member', [guilds.own]: 'admin' },
      'member of one guild, owner of another, the botless one not listed',
    );
  },
);

t.test(
  'roles – support roles (tickets, a category’s too) and manager roles (giveaways) from the config service make staff',
  async (t) => {
    // Only a category names the role: its staff are staff of the guild's tickets (of that category).
    await patchSettings(config, guilds.main, 'tickets', {
      categories: [{ name: 'Billing', supportRoleIds: [roles.support.id] }],
    });
    await patchSettings(config, guilds.main, 'giveaways', { managerRoleIds: [roles.hosts.id] });
    // The settings client applies config.updated events as they come; wait for the next token to show it.
    await waitUntil('the support role grants staff', async () =>
      (await grantsOf(people.supporter.id))[guilds.main] === 'staff' ? true : undefined,
    );
    t.same(await grantsOf(people.supporter.id), { [guilds.main]: 'staff' });
    await waitUntil('the giveaway host role grants staff', async () =>
      (await grantsOf(people.host.id))[guilds.main] === 'staff' ? true : undefined,
    );
    t.same(
      await grantsOf(people.plain.id),
      { [guilds.main]: 'member', [guilds.own]: 'admin' },
      'others unchanged',
    );
    t.same(await grantsOf(people.manager.id), { [guilds.main]: 'admin' }, 'admin stays admin');
  },
);

t.test(
  'roles – a role change or leaving the guild shows in the next token, without asking Discord',
  async (t) => {
    const before = stack.discord.control.oauth.counts().guildListRequests;
    stack.discord.control.updateMember(guilds.main, people.plain.id, { roles: [roles.manage.id] });
    await waitUntil('Manage Guild through a new role makes admin', async () =>
      (await grantsOf(people.plain.id))[guilds.main] === 'admin' ? true : undefined,
    );
    stack.discord.control.removeMember(guilds.main, people.plain.id);
    await waitUntil('a member who left loses the guild', async () =>
      (await grantsOf(people.plain.id))[guilds.main] === undefined ? true : undefined,
    );
    t.same(await grantsOf(people.plain.id), { [guilds.own]: 'admin' });
    t.equal(
      stack.discord.control.oauth.counts().guildListRequests,
      before,
      'the cached guild list served every token',
    );
  },
);

t.test('roles – with the bot gateway gone, the last grants stand', async (t) => {
  const before = await grantsOf(people.supporter.id);
  await stack.botGateway.child.kill();
  t.same(await grantsOf(people.supporter.id), before, 'staff kept from the previous grant');
  t.same(await grantsOf(people.owner.id), { [guilds.main]: 'admin' }, 'admin from the guild list');
});
