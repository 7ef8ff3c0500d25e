import { audienceAdmits, type EventDef, type GuildRole, guildRoles } from '@guildwire/contracts';

/**
 * Who may see one event, computed once per event from its registry audience so fan-out does not
 * re-run the audience for every recipient. `admits` answers exactly as `audienceAdmits` would.
 */
export interface Visibility {
  readonly roles: ReadonlySet<GuildRole>;
  readonly users: readonly string[];
}

/** Evaluates `def.audience` for `message` once: the admitted roles and the named users. */
export function visibilityOf(def: EventDef, message: unknown): Visibility {
  // An empty user id never matches a named user (audienceAdmits skips ''), so this asks "by role".
  const roles = new Set(
    guildRoles.filter((role) => audienceAdmits(def.audience, message as never, role, '')),
  );
  const users: string[] = [];
  for (const id of def.audience.users?.(message as never) ?? []) {
    if (id !== undefined && id !== '') users.push(id);
  }
  return { roles, users };
}

/** True when a user with `role` in the event's guild may see it. */
export function admits(visibility: Visibility, role: GuildRole, userId: string): boolean {
  return visibility.roles.has(role) || visibility.users.includes(userId);
}
