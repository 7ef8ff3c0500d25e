/** A SHARD_IDS value (`0,2` or `0-3`, empty = all) resolved against the total shard count. */
export function parseShardIds(spec: string, shardCount: number): number[] {
  if (spec.trim() === '') return Array.from({ length: shardCount }, (_, i) => i);
  const ids = new Set<number>();
  for (const part of spec.split(',')) {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    if (to < from) throw new RangeError(`SHARD_IDS range ${part} runs backwards`);
    for (let id = from; id <= to; id++) {
      if (id >= shardCount)
        throw new RangeError(`SHARD_IDS names shard ${id}, but SHARD_COUNT is ${shardCount}`);
      ids.add(id);
    }
  }
  return [...ids].sort((a, b) => a - b);
}

/** The shard that receives a guild's events (Discord: `(guild_id >> 22) % num_shards`). */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}
