import type { GuildRecord } from './store.js';

/** Every permission bit the fake knows of, granted to owners and administrators. */
export const ALL_PERMISSIONS = (1n << 51n) - 1n;

/** ADMINISTRATOR (1 << 3). */
export const ADMINISTRATOR = 1n << 3n;

/**
 * What @everyone may do in a new guild: view, send, embed, attach, history, react, use commands,
 * and connect/speak/voice activity in voice channels (as a new Discord server allows).
 */
export const DEFAULT_EVERYONE_PERMISSIONS =
  (1n << 6n) |
  (1n << 10n) |
  (1n << 11n) |
  (1n << 14n) |
  (1n << 15n) |
  (1n << 16n) |
  (1n << 20n) |
  (1n << 21n) |
  (1n << 25n) |
  (1n << 31n);

/**
 * A member's guild-level permissions, computed as Discord's permissions docs describe:
 * owner → all; otherwise @everyone OR'd with every role; ADMINISTRATOR → all.
 */
export function basePermissions(guild: GuildRecord, userId: string): bigint {
  if (guild.ownerId === userId) return ALL_PERMISSIONS;
  const member = guild.members.get(userId);
  let permissions = BigInt(guild.roles.get(guild.id)?.permissions ?? '0');
  for (const roleId of member?.roles ?? []) {
    permissions |= BigInt(guild.roles.get(roleId)?.permissions ?? '0');
  }
  return (permissions & ADMINISTRATOR) === ADMINISTRATOR ? ALL_PERMISSIONS : permissions;
}
