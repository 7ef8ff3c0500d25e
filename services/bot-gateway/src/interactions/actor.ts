import type { APIInteraction } from '@discordjs/core';
import { PermissionFlagsBits } from '@discordjs/core';

/** Who pressed or typed: the Discord user and what the ticket service needs to decide if they are staff. */
export interface InteractionActor {
  readonly userId: string;
  readonly username: string;
  readonly roleIds: readonly string[];
  /** Administrator or Manage Server: always staff (docs/ticket.md, Roles). */
  readonly guildAdmin: boolean;
}

const adminBits = PermissionFlagsBits.Administrator | PermissionFlagsBits.ManageGuild;

/** The actor of a guild interaction; undefined outside a guild (DMs). */
export function actorOf(interaction: APIInteraction): InteractionActor | undefined {
  const member = interaction.member;
  // Discord always sends a member with a user in a guild; a payload without is no one's (not a crash).
  if (!member?.user || typeof member.user.id !== 'string' || !interaction.guild_id) return undefined;
  return {
    userId: member.user.id,
    username: member.user.username,
    roleIds: Array.isArray(member.roles) ? member.roles : [],
    guildAdmin: (permissionsOf(member.permissions) & adminBits) !== 0n,
  };
}

/** The member's permission bits; none when the field is not a number (never more rights than sent). */
function permissionsOf(raw: string | undefined): bigint {
  try {
    return BigInt(raw ?? '0');
  } catch {
    return 0n;
  }
}
