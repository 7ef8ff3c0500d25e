/** A user's role in one guild, as granted by their token. */
export type GuildRole = 'admin' | 'staff' | 'member';

/** Roles from the weakest to the strongest. */
export const guildRoles: readonly GuildRole[] = ['member', 'staff', 'admin'];

/** True when `role` is `min` or stronger (admin > staff > member). */
export function roleAtLeast(role: GuildRole, min: GuildRole): boolean {
  return guildRoles.indexOf(role) >= guildRoles.indexOf(min);
}

/**
 * Who on the dashboard may see an event: every role in `roles`, plus the users `users(event)` names
 * (e.g. a ticket's opener) whatever their role, provided their token grants the guild at all.
 */
export interface Audience<M> {
  readonly roles: readonly GuildRole[];
  readonly users?: (event: M) => Iterable<string | undefined>;
}

/** Decides whether a user with `role` in the event's guild may see `event`. */
export function audienceAdmits<M>(audience: Audience<M>, event: M, role: GuildRole, userId: string): boolean {
  if (audience.roles.includes(role)) return true;
  if (!audience.users) return false;
  for (const id of audience.users(event)) {
    if (id !== undefined && id !== '' && id === userId) return true;
  }
  return false;
}

/** Events everyone in the guild may see. */
export const everyone: Audience<unknown> = { roles: guildRoles };

/** Events only moderators may see. */
export const staffOnly: Audience<unknown> = { roles: ['staff', 'admin'] };
