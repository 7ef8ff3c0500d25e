// bench:e2e's guilds in a fake Discord: an owner, a staff role and member, a panel channel under a
// support category, and members who press the panel's button.
import type { FakeDiscordControl } from '@guildwire/fake-discord';

export interface BenchGuild {
  readonly id: string;
  readonly ownerId: string;
  readonly staffRoleId: string;
  readonly staffUserId: string;
  readonly panelChannelId: string;
  readonly memberIds: readonly string[];
  /** The bot's panel message and its button, once posted. */
  panelMessageId: string;
  panelCustomId: string;
}

/** `count` guilds of `members` members each. */
export function seedBenchGuilds(control: FakeDiscordControl, count: number, members: number): BenchGuild[] {
  return Array.from({ length: count }, (_, g) => {
    const owner = control.createUser({ username: `owner-${g}` });
    const guild = control.createGuild({ name: `bench guild ${g}`, ownerId: owner.id });
    const staffRole = control.createRole(guild.id, { name: 'Staff' });
    const staff = control.createUser({ username: `staff-${g}` });
    control.addMember(guild.id, staff.id, { roles: [staffRole.id] });
    const category = control.createChannel(guild.id, { name: 'Support', type: 4 });
    const panel = control.createChannel(guild.id, { name: 'open-a-ticket', parent_id: category.id });
    const memberIds = Array.from({ length: members }, (_, m) => {
      const user = control.createUser({ username: `member-${g}-${m}` });
      control.addMember(guild.id, user.id);
      return user.id;
    });
    return {
      id: guild.id,
      ownerId: owner.id,
      staffRoleId: staffRole.id,
      staffUserId: staff.id,
      panelChannelId: panel.id,
      memberIds,
      panelMessageId: '',
      panelCustomId: '',
    };
  });
}
