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
  if (!member || !interaction.guild_id) return undefined;
  const permissions = BigInt(member.permissions ?? '0');
  return {
    userId: member.user.id,
    username: member.user.username,
    roleIds: member.roles,
    guildAdmin: (permissions & adminBits) !== 0n,
  };
}
