/** Counts open authenticated connections per user on this instance. */
export interface UserConnections {
  /** Counts one more connection for `userId`; false (and not counted) when at the limit. */
  tryAdd(userId: string): boolean;
  remove(userId: string): void;
  count(userId: string): number;
}

/** Creates a counter allowing `max` connections per user. */
export function createUserConnections(max: number): UserConnections {
  const counts = new Map<string, number>();
  return {
    tryAdd(userId) {
      const n = counts.get(userId) ?? 0;
      if (n >= max) return false;
      counts.set(userId, n + 1);
      return true;
    },
    remove(userId) {
      const n = (counts.get(userId) ?? 1) - 1;
      if (n <= 0) counts.delete(userId);
      else counts.set(userId, n);
    },
    count: (userId) => counts.get(userId) ?? 0,
  };
}
