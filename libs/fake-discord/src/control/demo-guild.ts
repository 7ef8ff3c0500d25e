import type { FakeDiscordControl } from './control.js';

/** The ids of the demo guild's parts. */
export interface DemoGuild {
  guildId: string;
  staffRoleId: string;
  generalChannelId: string;
  supportCategoryId: string;
  ticketPanelChannelId: string;
  giveawayChannelId: string;
  /** Users who are members: alice and bob (members), sam (staff). */
  userIds: { alice: string; bob: string; sam: string };
}

/**
 * The demo guild's ids, the same on every `npm start`: a dashboard bookmark, a token or a curl line
 * from yesterday still points at the same guild, channel and user.
 */
export const demoIds = {
  guild: '1300000000000000100',
  owner: '1300000000000000101',
  staffRole: '1300000000000000102',
  general: '1300000000000000103',
  support: '1300000000000000104',
  ticketPanel: '1300000000000000105',
  giveaways: '1300000000000000106',
  alice: '1300000000000000107',
  bob: '1300000000000000108',
  sam: '1300000000000000109',
} as const;

/** Seeds a guild for `npm start` without a Discord token: roles, a support category, members. */
export function seedDemoGuild(control: FakeDiscordControl, name = 'Guildwire Demo'): DemoGuild {
  const ids = demoIds;
  const owner = control.createUser({ id: ids.owner, username: 'demo-owner' });
  const guild = control.createGuild({ id: ids.guild, name, ownerId: owner.id });
  const staff = control.createRole(guild.id, {
    id: ids.staffRole,
    name: 'Staff',
    permissions: String(1n << 13n),
    hoist: true,
  });
  const general = control.createChannel(guild.id, { id: ids.general, name: 'general' });
  const support = control.createChannel(guild.id, { id: ids.support, name: 'Support', type: 4 });
  const panel = control.createChannel(guild.id, {
    id: ids.ticketPanel,
    name: 'open-a-ticket',
    parent_id: support.id,
  });
  const giveaways = control.createChannel(guild.id, { id: ids.giveaways, name: 'giveaways' });
  const alice = control.createUser({ id: ids.alice, username: 'alice' });
  const bob = control.createUser({ id: ids.bob, username: 'bob' });
  const sam = control.createUser({ id: ids.sam, username: 'sam' });
  control.addMember(guild.id, alice.id);
  control.addMember(guild.id, bob.id);
  control.addMember(guild.id, sam.id, { roles: [staff.id] });
  return {
    guildId: guild.id,
    staffRoleId: staff.id,
    generalChannelId: general.id,
    supportCategoryId: support.id,
    ticketPanelChannelId: panel.id,
    giveawayChannelId: giveaways.id,
    userIds: { alice: alice.id, bob: bob.id, sam: sam.id },
  };
}
