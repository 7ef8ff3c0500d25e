import { type Bus, matchReplicas, placingReplicas } from '@guildwire/bus';
import { type KV, Kvm, type KvOptions } from '@nats-io/kv';

/** The bot's NATS KV buckets: shared by its replicas, kept across restarts. */
export interface BotBuckets {
  /** Gateway session id, sequence and resume URL per shard (a restarted replica RESUMEs). */
  readonly sessions: KV;
  /** What was done for each event id (side effects are posted once across replicas and restarts). */
  readonly effects: KV;
  /** Where each ticket lives in Discord: ticket → channel and welcome message, channel → ticket. */
  readonly tickets: KV;
  /** Where each giveaway's message lives and what it shows (giveaway → place, message → giveaway). */
  readonly giveaways: KV;
  /** Per guild, the hash of the slash commands registered there (COMMANDS_SCOPE=guild). */
  readonly commands: KV;
}

/** Shard leases (SHARD_IDS=auto): the bucket's max age is the lease period. */
export async function openLeaseBucket(bus: Bus, ttlMs: number): Promise<KV> {
  const kv = await openBucket(bus, 'bot_gateway_shard_leases', { history: 1, ttl: ttlMs });
  // A bucket made with another SHARD_LEASE_TTL_MS keeps its age until told: the configured one wins.
  const info = await bus.jsm.streams.info(`KV_${bucketName(bus, 'bot_gateway_shard_leases')}`);
  const maxAge = ttlMs * 1_000_000; // JetStream counts nanoseconds
  if (info.config.max_age !== maxAge)
    await bus.jsm.streams.update(info.config.name, {
      ...info.config,
      max_age: maxAge,
      duplicate_window: Math.min(maxAge, info.config.duplicate_window),
    });
  return kv;
}

function bucketName(bus: Bus, base: string): string {
  return bus.namespace === '' ? base : `${base}_${bus.namespace}`;
}

/**
 * Opens a bucket (its name carries the bus namespace like streams do), creating it with the bus's
 * replica count (STREAM_REPLICAS) when missing and bringing an existing one's replicas to it.
 */
export async function openBucket(bus: Bus, base: string, options: Partial<KvOptions>): Promise<KV> {
  const name = bucketName(bus, base);
  const kv = await placingReplicas(`KV_${name}`, bus.replicas, () =>
    new Kvm(bus.js).create(name, { ...options, replicas: bus.replicas }),
  );
  await matchReplicas(bus, await bus.jsm.streams.info(`KV_${name}`));
  return kv;
}

const day = 24 * 3600 * 1000;

/** Opens (creating when missing) the bot's buckets; see openBucket. */
export async function openBotBuckets(bus: Bus): Promise<BotBuckets> {
  return {
    sessions: await openBucket(bus, 'bot_gateway_sessions', { history: 1 }),
    // Kept as long as the stream keeps events (7 days by default): a replayed event finds its record.
    effects: await openBucket(bus, 'bot_gateway_effects', { history: 1, ttl: 8 * day }),
    tickets: await openBucket(bus, 'bot_gateway_tickets', { history: 1 }),
    giveaways: await openBucket(bus, 'bot_gateway_giveaways', { history: 1 }),
    commands: await openBucket(bus, 'bot_gateway_commands', { history: 1 }),
  };
}

/** Reads a JSON value, undefined when missing or deleted. */
export async function getJson<T>(kv: KV, key: string): Promise<T | undefined> {
  const entry = await kv.get(key);
  if (entry?.operation !== 'PUT' || entry.length === 0) return undefined;
  return entry.json<T>();
}

/** Writes a JSON value. */
export async function putJson(kv: KV, key: string, value: unknown): Promise<void> {
  await kv.put(key, JSON.stringify(value));
}
