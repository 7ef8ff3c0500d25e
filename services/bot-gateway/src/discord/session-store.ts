import type { SessionInfo } from '@discordjs/ws';
import type { KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import { getJson, putJson } from '../state/buckets.js';

/** The @discordjs/ws session hooks, backed by NATS KV so another process can RESUME the session. */
export interface SessionStore {
  retrieveSessionInfo(shardId: number): Promise<SessionInfo | null>;
  updateSessionInfo(shardId: number, info: SessionInfo | null): Promise<void>;
  /** Before this replica starts a shard: read its session from KV again (another replica may have run it). */
  adopt(shardId: number): void;
  /** Before a shard's connection is closed to hand it over: its session must survive the close. */
  keep(shardId: number): void;
  /**
   * After a handed-over shard's connection closed: writes its last sequence (unless another replica
   * already runs it: `write: false`), then ignores it, so a late write from here can never overwrite
   * what the replica that took it stores.
   */
  release(shardId: number, write?: boolean): Promise<void>;
}

/**
 * The sequence changes on every dispatch: kept in memory and written to KV at most every `flushMs`.
 * A replica killed in between resumes from a slightly older sequence, and Discord replays what came
 * after it, so a late write costs a few replayed dispatches, never a lost one.
 */
export function createSessionStore(kv: KV, logger: Logger, flushMs = 250): SessionStore {
  const current = new Map<number, SessionInfo | null>();
  const dirty = new Set<number>();
  // Shards whose session outlives the close of their connection (handed over, or the replica stops).
  const kept = new Set<number>();
  // Shards handed to another replica: nothing more is written for them from here.
  const released = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  const key = (shardId: number) => `shard.${shardId}`;

  async function write(shardId: number): Promise<void> {
    if (!dirty.delete(shardId)) return;
    const info = current.get(shardId);
    try {
      if (info) await putJson(kv, key(shardId), info);
      else await kv.delete(key(shardId));
    } catch (err) {
      dirty.add(shardId);
      logger.warn({ err, shardId }, 'could not save gateway session');
    }
  }

  async function flush(): Promise<void> {
    timer = undefined;
    for (const shardId of [...dirty]) await write(shardId);
  }

  return {
    async retrieveSessionInfo(shardId) {
      if (!current.has(shardId)) {
        const stored = await getJson<SessionInfo>(kv, key(shardId)).catch((err: unknown) => {
          logger.warn({ err, shardId }, 'could not read gateway session; identifying');
          return undefined;
        });
        current.set(shardId, stored ?? null);
        if (stored) logger.info({ shardId, sequence: stored.sequence }, 'resuming stored gateway session');
      }
      return current.get(shardId) ?? null;
    },
    async updateSessionInfo(shardId, info) {
      if (released.has(shardId)) return;
      // @discordjs/ws clears the session when destroyed; handed over or shut down, it stays resumable.
      if (info === null && kept.has(shardId)) return;
      current.set(shardId, info);
      dirty.add(shardId);
      // A new session (READY) or a cleared one is written at once; sequence bumps are batched.
      if (info === null || info.sequence <= 1) await write(shardId);
      else if (!timer) {
        timer = setTimeout(() => void flush(), flushMs);
        timer.unref();
      }
    },
    adopt(shardId) {
      released.delete(shardId);
      kept.delete(shardId);
      dirty.delete(shardId);
      current.delete(shardId);
    },
    keep(shardId) {
      kept.add(shardId);
    },
    async release(shardId, last = true) {
      if (last) await write(shardId);
      released.add(shardId);
      dirty.delete(shardId);
      current.delete(shardId);
    },
  };
}
