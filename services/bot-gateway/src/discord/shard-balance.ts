/** A live replica as its membership key in the lease bucket shows it. */
export interface ReplicaMember {
  readonly id: string;
  /** When it joined (ms): older replicas keep the odd shards, so a join moves as few as possible. */
  readonly since: number;
}

/**
 * How many shards a replica should run: an even spread, the remainder going to the oldest
 * replicas. Every replica computes the same split from the same membership, so their quotas add
 * up to the shard count and nobody needs to coordinate beyond the leases.
 */
export function shardQuota(self: string, members: readonly ReplicaMember[], shardCount: number): number {
  const sorted = [...members].sort((a, b) => a.since - b.since || a.id.localeCompare(b.id));
  if (!sorted.some((m) => m.id === self)) sorted.push({ id: self, since: Number.POSITIVE_INFINITY });
  const rank = sorted.findIndex((m) => m.id === self);
  const base = Math.floor(shardCount / sorted.length);
  return base + (rank < shardCount % sorted.length ? 1 : 0);
}

/** What a replica does this round: the shards to give up (above its quota) and the free ones to claim. */
export function planShards(
  held: readonly number[],
  owned: ReadonlySet<number>,
  quota: number,
  shardCount: number,
): { release: number[]; claim: number[] } {
  const mine = [...held].sort((a, b) => a - b);
  if (mine.length > quota) return { release: mine.slice(quota), claim: [] };
  const free: number[] = [];
  for (let id = 0; id < shardCount && free.length < quota - mine.length; id++)
    if (!owned.has(id) && !mine.includes(id)) free.push(id);
  return { release: [], claim: free };
}
