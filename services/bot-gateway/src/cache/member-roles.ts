/** A member's role ids, or null: not (or no longer) a member of the guild. */
export type MemberEntry = readonly string[] | null;

/** Role ids of a guild's members, as dispatches and interactions showed them; bounded. */
export interface MemberRoles {
  /** undefined: not known here (ask Discord). */
  get(userId: string): MemberEntry | undefined;
  /** What a dispatch or an interaction says now: replaces what was known. */
  set(userId: string, entry: MemberEntry): void;
  /**
   * What a REST answer said: kept only if nothing newer arrived meanwhile (a GUILD_MEMBER_UPDATE
   * that came while the request was in flight is newer than its answer).
   */
  setIfAbsent(userId: string, entry: MemberEntry): void;
  readonly size: number;
}

/**
 * A map in recency order: a read or a write moves a member to the end, and past `max` the least
 * recently used goes (`max` 0 keeps nothing). A large guild's members do not all fit, and need not:
 * a miss costs one REST request.
 */
export function createMemberRoles(max: number): MemberRoles {
  const entries = new Map<string, MemberEntry>();
  const set = (userId: string, entry: MemberEntry) => {
    if (max <= 0) return;
    entries.delete(userId);
    entries.set(userId, entry);
    if (entries.size > max) entries.delete(entries.keys().next().value as string);
  };
  return {
    get(userId) {
      const entry = entries.get(userId);
      if (entry !== undefined) set(userId, entry);
      return entry;
    },
    set,
    setIfAbsent(userId, entry) {
      if (!entries.has(userId)) set(userId, entry);
    },
    get size() {
      return entries.size;
    },
  };
}
