import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { JetStreamApiCodes, JetStreamApiError } from '@nats-io/jetstream';
import type { KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import { planShards, type ReplicaMember, shardQuota } from './shard-balance.js';

/** Starts and stops this replica's shards (the shard pool, plus whatever a handed-over shard leaves). */
export interface ShardRunner {
  start(shardId: number): Promise<void>;
  /** `lost`: another replica holds the lease already (write nothing of the shard's session). */
  stop(shardId: number, reason: string, lost?: boolean): Promise<void>;
}

/** Options of the lease coordinator. */
export interface ShardLeaseOptions {
  /** The lease bucket: its TTL (max age) is the lease period. */
  readonly kv: KV;
  readonly ttlMs: number;
  readonly shardCount: number;
  readonly runner: ShardRunner;
  readonly logger: Logger;
  /** This replica's id (default: random). */
  readonly replicaId?: string;
}

/** Automatic shard assignment: each shard run by exactly one live replica, spread evenly. */
export interface ShardLeases {
  readonly replicaId: string;
  /** Shards whose lease this replica holds. */
  held(): number[];
  /** Joins, claims a first share (connected when this resolves), then renews and rebalances. */
  start(): Promise<void>;
  /** Hands every shard over (closed resumably, leases deleted) and leaves. */
  close(): Promise<void>;
}

interface Lease {
  revision: number;
  fence: NodeJS.Timeout;
  renewing: Promise<void>;
}

interface LeaseValue {
  replica: string;
  shardCount: number;
  host: string;
}

const leaseKey = (shardId: number) => `shard.${shardId}`;
const conflict = (err: unknown) =>
  err instanceof JetStreamApiError &&
  (err.code === JetStreamApiCodes.StreamWrongLastSequence ||
    err.code === JetStreamApiCodes.StreamWrongLastSequenceUnknown);

/**
 * Shard leases in NATS KV. A lease is the key `shard.<id>`: claimed with `create` (fails if someone
 * holds it), renewed with `update` at the revision this replica wrote (fails if it expired and was
 * taken), deleted when handed over. The bucket's TTL expires a dead replica's leases.
 *
 * Safety: a replica stops a shard once `ttl - margin` has passed since the last renewal it *sent*
 * without one succeeding; NATS can only expire that renewal `ttl` after it *received* it, which is
 * later. So the old owner has closed before another replica can claim, unless its event loop stalls
 * past the margin — and even then for at most one lease period.
 */
export function createShardLeases(options: ShardLeaseOptions): ShardLeases {
  const { kv, ttlMs, shardCount, runner } = options;
  const replicaId = options.replicaId ?? randomUUID();
  const logger = options.logger.child({ replicaId });
  const since = Date.now();
  const value = JSON.stringify({ replica: replicaId, shardCount, host: hostname() } satisfies LeaseValue);
  const memberKey = `replica.${replicaId}`;
  const fenceAfterMs = ttlMs - Math.max(200, Math.floor(ttlMs / 5));
  const leases = new Map<number, Lease>();
  const work = new Set<Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  let closing = false;
  let balancing: Promise<void> | undefined;

  const track = (promise: Promise<unknown>) => {
    const tracked = promise.catch((err: unknown) => logger.error({ err }, 'shard hand-over failed'));
    work.add(tracked);
    void tracked.finally(() => work.delete(tracked));
    return tracked;
  };

  const armFence = (shardId: number, sentAt: number) =>
    setTimeout(() => fence(shardId), Math.max(0, sentAt + fenceAfterMs - Date.now()));

  /** The lease could not be renewed in time: stop the shard before anyone else may claim it. */
  function fence(shardId: number): void {
    if (!leases.delete(shardId)) return;
    logger.warn({ shardId }, 'shard lease not renewed in time; closing the shard');
    track(runner.stop(shardId, 'lease not renewed'));
  }

  /** Claims a free shard; resolves (once claimed) to its start, not awaited here: connecting takes a while. */
  async function claim(shardId: number): Promise<{ started: Promise<unknown> } | undefined> {
    const sentAt = Date.now();
    let revision: number;
    try {
      revision = await kv.create(leaseKey(shardId), value);
    } catch (err) {
      if (conflict(err)) return undefined; // another replica was quicker
      throw err;
    }
    leases.set(shardId, { revision, fence: armFence(shardId, sentAt), renewing: Promise.resolve() });
    logger.info({ shardId }, 'claimed shard lease');
    return { started: track(runner.start(shardId)) };
  }

  async function release(shardId: number, reason: string): Promise<void> {
    const lease = leases.get(shardId);
    if (!lease) return;
    leases.delete(shardId);
    clearTimeout(lease.fence);
    await lease.renewing;
    // Closed (resumably, last sequence written) before the lease goes: the taker RESUMEs after us.
    await runner.stop(shardId, reason);
    await kv.delete(leaseKey(shardId), { previousSeq: lease.revision }).catch((err: unknown) => {
      if (!conflict(err)) logger.warn({ err, shardId }, 'could not delete shard lease; it expires');
    });
    logger.info({ shardId, reason }, 'released shard lease');
  }

  function renew(): void {
    if (closing) return;
    void kv.put(memberKey, JSON.stringify({ since })).catch((err: unknown) => {
      logger.warn({ err }, 'could not renew replica membership');
    });
    for (const [shardId, lease] of leases) {
      const sentAt = Date.now();
      lease.renewing = kv.update(leaseKey(shardId), value, lease.revision).then(
        (revision) => {
          lease.revision = revision;
          if (leases.get(shardId) !== lease) return;
          clearTimeout(lease.fence);
          lease.fence = armFence(shardId, sentAt);
        },
        (err: unknown) => {
          if (!conflict(err)) {
            logger.warn({ err, shardId }, 'could not renew shard lease');
            return;
          }
          // It expired and another replica holds it now.
          if (leases.get(shardId) !== lease) return;
          leases.delete(shardId);
          clearTimeout(lease.fence);
          logger.warn({ shardId }, 'shard lease lost to another replica');
          track(runner.stop(shardId, 'lease lost', true));
        },
      );
    }
  }

  async function view(): Promise<{ members: ReplicaMember[]; owned: Set<number>; foreign: boolean }> {
    const keys: string[] = [];
    for await (const key of await kv.keys()) keys.push(key);
    const entries = await Promise.all(keys.map((key) => kv.get(key)));
    const members: ReplicaMember[] = [];
    const owned = new Set<number>();
    let foreign = false;
    for (const entry of entries) {
      if (entry?.operation !== 'PUT') continue;
      if (entry.key.startsWith('replica.'))
        members.push({
          id: entry.key.slice('replica.'.length),
          since: entry.json<{ since: number }>().since,
        });
      else if (entry.key.startsWith('shard.')) {
        owned.add(Number(entry.key.slice('shard.'.length)));
        if (entry.json<LeaseValue>().shardCount !== shardCount) foreign = true;
      }
    }
    return { members, owned, foreign };
  }

  async function balance(): Promise<Promise<unknown>[]> {
    const { members, owned, foreign } = await view();
    if (closing) return [];
    if (foreign) {
      // Replicas configured with another SHARD_COUNT: two shardings at once would deliver events twice.
      logger.error({ shardCount }, 'shard leases with another SHARD_COUNT exist; not claiming any shard');
      return [];
    }
    const quota = shardQuota(replicaId, members, shardCount);
    const plan = planShards([...leases.keys()], owned, quota, shardCount);
    const started: Promise<unknown>[] = [];
    for (const shardId of plan.release) track(release(shardId, 'rebalancing'));
    for (const shardId of plan.claim) {
      const claimed = await claim(shardId);
      if (claimed) started.push(claimed.started);
    }
    return started;
  }

  function balanceRound(): void {
    if (closing || balancing) return;
    balancing = balance()
      .then(() => undefined)
      .catch((err: unknown) => logger.warn({ err }, 'shard balance round failed'))
      .finally(() => {
        balancing = undefined;
      });
  }

  return {
    replicaId,
    held: () => [...leases.keys()].sort((a, b) => a - b),
    async start() {
      await kv.put(memberKey, JSON.stringify({ since }));
      await Promise.all(await balance());
      timers.push(setInterval(renew, Math.max(100, Math.floor(ttlMs / 4))));
      timers.push(setInterval(balanceRound, Math.max(100, Math.floor(ttlMs / 3))));
      logger.info({ shards: [...leases.keys()], shardCount, ttlMs }, 'shard leases started');
    },
    async close() {
      closing = true;
      for (const timer of timers) clearInterval(timer);
      await balancing;
      await Promise.all([...leases.keys()].map((shardId) => release(shardId, 'replica stopping')));
      await Promise.all([...work]);
      await kv.delete(memberKey).catch((err: unknown) => logger.warn({ err }, 'could not leave'));
    },
  };
}
