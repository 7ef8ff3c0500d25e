import type { GuildRole } from '@guildwire/service-kit';
import type { DiscordGuildEntry } from '../discord/discord-api.js';

// Discord permission bits (developer docs, "Permissions"): ADMINISTRATOR and MANAGE_GUILD.
const ADMINISTRATOR = 1n << 3n;
const MANAGE_GUILD = 1n << 5n;

/** Whether the person's guild list says they own the guild or hold Administrator / Manage Guild. */
export function listedAsAdmin(entry: DiscordGuildEntry): boolean {
  if (entry.owner) return true;
  let bits: bigint;
  try {
    bits = BigInt(entry.permissions);
  } catch {
    return false;
  }
  return (bits & (ADMINISTRATOR | MANAGE_GUILD)) !== 0n;
}

/** What the bot knows of the person in the guild right now (cmd.discord.member_roles). */
export interface MemberFacts {
  readonly isMember: boolean;
  readonly roleIds: readonly string[];
  /** Owner, Administrator or Manage Guild through their current roles. */
  readonly guildAdmin: boolean;
  readonly owner: boolean;
}

/** Everything the role of one guild is decided from. */
export interface GuildRoleInput {
  readonly listed: DiscordGuildEntry;
  /** Undefined when the bot gateway could not answer in time. */
  readonly member: MemberFacts | undefined;
  /** Support roles of the tickets module and manager roles of the giveaways module. */
  readonly staffRoleIds: ReadonlySet<string>;
  /** The role granted last time, if any (kept when the bot cannot answer). */
  readonly previous: GuildRole | undefined;
}

/**
 * The role a person gets in a guild the bot is in (DESIGN §7), or undefined for none:
 * - the bot's live view wins when it answers: not a member any more → none; owner, Administrator or
 *   Manage Guild → admin; a support/manager role → staff; else member;
 * - when it cannot answer, the guild list decides admin, and otherwise the previous grant stands
 *   (never raised to admin by it), else member.
 */
export function guildRoleOf(input: GuildRoleInput): GuildRole | undefined {
  const { member } = input;
  if (member !== undefined) {
    if (!member.isMember) return undefined;
    if (member.owner || member.guildAdmin) return 'admin';
    return member.roleIds.some((id) => input.staffRoleIds.has(id)) ? 'staff' : 'member';
  }
  if (listedAsAdmin(input.listed)) return 'admin';
  return input.previous === 'staff' ? 'staff' : 'member';
}
