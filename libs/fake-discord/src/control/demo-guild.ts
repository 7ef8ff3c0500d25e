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

/** Seeds a guild for `npm start` without a Discord token: roles, a support category, members. */
export function seedDemoGuild(control: FakeDiscordControl, name = 'Guildwire Demo'): DemoGuild {
  const owner = control.createUser({ username: 'demo-owner' });
  const guild = control.createGuild({ name, ownerId: owner.id });
  const staff = control.createRole(guild.id, { name: 'Staff', permissions: String(1n << 13n), hoist: true });
  const general = control.createChannel(guild.id, { name: 'general' });
  const support = control.createChannel(guild.id, { name: 'Support', type: 4 });
  const panel = control.createChannel(guild.id, { name: 'open-a-ticket', parent_id: support.id });
  const giveaways = control.createChannel(guild.id, { name: 'giveaways' });
  const alice = control.createUser({ username: 'alice' });
  const bob = control.createUser({ username: 'bob' });
  const sam = control.createUser({ username: 'sam' });
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
