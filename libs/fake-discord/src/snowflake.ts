/** Discord's epoch (2015-01-01T00:00:00Z) in milliseconds, the zero of every snowflake's timestamp. */
export const DISCORD_EPOCH = 1_420_070_400_000n;

/** Generates unique, time-ordered Discord snowflake ids. */
export interface SnowflakeGenerator {
  /** The next id: strictly greater than every id this generator returned before. */
  next(): string;
}

/**
 * Creates a snowflake generator (timestamp << 22 | worker << 17 | process << 12 | increment).
 * Ids stay monotonic when more than 4096 are made in one millisecond by borrowing the next one.
 */
export function createSnowflakeGenerator(workerId = 1, processId = 0): SnowflakeGenerator {
  const worker = BigInt(workerId & 0x1f) << 17n;
  const proc = BigInt(processId & 0x1f) << 12n;
  let lastMs = 0n;
  let increment = 0n;
  return {
    next() {
      const now = BigInt(Date.now());
      if (now > lastMs) {
        lastMs = now;
        increment = 0n;
      } else {
        increment += 1n;
        if (increment > 0xfffn) {
          lastMs += 1n;
          increment = 0n;
        }
      }
      return (((lastMs - DISCORD_EPOCH) << 22n) | worker | proc | increment).toString();
    },
  };
}

/** A snowflake whose timestamp is `ms` (Unix milliseconds) and whose other bits are zero. */
export function snowflakeFromTimestamp(ms: number): string {
  return ((BigInt(ms) - DISCORD_EPOCH) << 22n).toString();
}

/** The Unix timestamp in milliseconds encoded in a snowflake. */
export function snowflakeTimestamp(id: string): number {
  return Number((BigInt(id) >> 22n) + DISCORD_EPOCH);
}

/** The shard that receives a guild's events: (guild_id >> 22) % num_shards, as Discord's sharding docs define. */
export function shardOfGuild(guildId: string, shardCount: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(shardCount));
}

/** True when `value` is a decimal string that can be a snowflake. */
export function isSnowflake(value: unknown): value is string {
  return typeof value === 'string' && /^\d{1,20}$/.test(value);
}
