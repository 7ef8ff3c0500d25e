import type { SessionInfo } from '@discordjs/ws';
import type { KV } from '@nats-io/kv';
import type { Logger } from 'pino';
import { getJson, putJson } from '../state/buckets.js';

/** The @discordjs/ws session hooks, backed by NATS KV so another process can RESUME the session. */
export interface SessionStore {
  retrieveSessionInfo(shardId: number): Promise<SessionInfo | null>;
  updateSessionInfo(shardId: number, info: SessionInfo | null): Promise<void>;
  /** Writes what is pending now and keeps sessions from being forgotten (a graceful stop resumes later). */
  flushForShutdown(): Promise<void>;
}

/**
 * The sequence changes on every dispatch: kept in memory and written to KV at most every `flushMs`.
 * A replica killed in between resumes from a slightly older sequence, and Discord replays what came
 * after it, so a late write costs a few replayed dispatches, never a lost one.
 */
export function createSessionStore(kv: KV, logger: Logger, flushMs = 250): SessionStore {
  const current = new Map<number, SessionInfo | null>();
  const dirty = new Set<number>();
  let timer: NodeJS.Timeout | undefined;
  let keepOnDestroy = false;
  const key = (shardId: number) => `shard.${shardId}`;

  async function flush(): Promise<void> {
    timer = undefined;
    for (const shardId of [...dirty]) {
      dirty.delete(shardId);
      const info = current.get(shardId);
      try {
        if (info) await putJson(kv, key(shardId), info);
        else await kv.delete(key(shardId));
      } catch (err) {
        dirty.add(shardId);
        logger.warn({ err, shardId }, 'could not save gateway session');
      }
    }
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
      // @discordjs/ws clears the session when destroyed; on our shutdown it stays resumable.
      if (info === null && keepOnDestroy) return;
      current.set(shardId, info);
      dirty.add(shardId);
      // A new session (READY) or a cleared one is written at once; sequence bumps are batched.
      if (info === null || info.sequence <= 1) await flush();
      else timer ??= setTimeout(() => void flush(), flushMs);
    },
    async flushForShutdown() {
      keepOnDestroy = true;
      if (timer) clearTimeout(timer);
      await flush();
    },
  };
}
