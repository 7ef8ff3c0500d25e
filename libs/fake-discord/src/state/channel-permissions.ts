import { ADMINISTRATOR, ALL_PERMISSIONS, basePermissions } from './permissions.js';
import type { GuildRecord } from './store.js';
import type { ApiChannel } from './types.js';

/** VIEW_CHANNEL (1 << 10). */
export const VIEW_CHANNEL = 1n << 10n;
/** CONNECT (1 << 20): join a voice channel. */
export const CONNECT = 1n << 20n;
/** MOVE_MEMBERS (1 << 24): also lets a member into a full voice channel. */
export const MOVE_MEMBERS = 1n << 24n;

/**
 * A member's permissions in a channel, in the order Discord's permissions docs give: guild
 * permissions (owner and administrators: everything), then the @everyone overwrite, then the
 * member's roles' overwrites together (deny, then allow), then the member's own overwrite.
 */
export function channelPermissions(guild: GuildRecord, channel: ApiChannel, userId: string): bigint {
  const base = basePermissions(guild, userId);
  if ((base & ADMINISTRATOR) === ADMINISTRATOR || base === ALL_PERMISSIONS) return ALL_PERMISSIONS;
  const overwrites = channel.permission_overwrites ?? [];
  const apply = (permissions: bigint, allow: bigint, deny: bigint) => (permissions & ~deny) | allow;
  let permissions = base;
  const everyone = overwrites.find((o) => o.id === guild.id);
  if (everyone) permissions = apply(permissions, BigInt(everyone.allow), BigInt(everyone.deny));
  const roles = new Set(guild.members.get(userId)?.roles ?? []);
  let allow = 0n;
  let deny = 0n;
  for (const o of overwrites) {
    if (o.type !== 0 || !roles.has(o.id)) continue;
    allow |= BigInt(o.allow);
    deny |= BigInt(o.deny);
  }
  permissions = apply(permissions, allow, deny);
  const own = overwrites.find((o) => o.type === 1 && o.id === userId);
  if (own) permissions = apply(permissions, BigInt(own.allow), BigInt(own.deny));
  return permissions;
}
