import { EventEmitter } from 'node:events';
import type { Gateway, GatewaySendPayload } from '@discordjs/core';
import type { REST } from '@discordjs/rest';
import {
  type ManagerShardEventsMap,
  SimpleIdentifyThrottler,
  WebSocketManager,
  WebSocketShardEvents,
  WebSocketShardStatus,
} from '@discordjs/ws';
import type { Logger } from 'pino';
import type { SessionStore } from './session-store.js';

/** Gateway close code that keeps the session resumable (1000/1001 would end it on Discord). */
export const keepSessionCloseCode = 4200;

/**
 * This replica's gateway shards, started and stopped one at a time. It is the `gateway` that
 * @discordjs/core's Client listens to: dispatches of every running shard come out of it.
 */
export interface ShardPool extends Gateway {
  /** Connects a shard (RESUMEs its stored session if there is one); resolves once READY or RESUMED. */
  start(shardId: number): Promise<void>;
  /**
   * Closes a shard with a resumable code and writes its last sequence, so another replica RESUMEs it;
   * `lost`: another replica already runs it, so nothing of its session is written from here.
   */
  stop(shardId: number, reason: string, lost?: boolean): Promise<void>;
  /** The shards running here. */
  running(): number[];
  /** Running shards whose connection is not READY now. */
  notReady(): Promise<number[]>;
  /** Listens to every shard's events (dispatches, READY, RESUMED…), with the shard id last. */
  on<E extends keyof ManagerShardEventsMap>(
    event: E,
    listener: (...args: ManagerShardEventsMap[E]) => void,
  ): this;
}

/** What the pool needs to open connections. */
export interface ShardPoolOptions {
  readonly token: string;
  readonly intents: number;
  readonly rest: REST;
  readonly shardCount: number;
  /** Discord's `max_concurrency`: shards of this replica identifying at once. */
  readonly maxConcurrency: number;
  readonly sessions: SessionStore;
  readonly logger: Logger;
}

const forwarded = [
  WebSocketShardEvents.Dispatch,
  WebSocketShardEvents.Ready,
  WebSocketShardEvents.Resumed,
] as const;

/**
 * One @discordjs/ws WebSocketManager per shard (`shardIds: [id]`): the manager's connect and destroy
 * then act on exactly one shard, which is what handing shards between replicas needs; a single
 * manager can only respawn all its shards at once. The managers share one identify throttler.
 */
export function createShardPool(options: ShardPoolOptions): ShardPool {
  const { sessions, logger } = options;
  const events = new EventEmitter();
  const managers = new Map<number, { manager: WebSocketManager; stopped: AbortController }>();
  const throttler = new SimpleIdentifyThrottler(options.maxConcurrency);

  function managerFor(shardId: number): WebSocketManager {
    const manager = new WebSocketManager({
      token: options.token,
      intents: options.intents,
      rest: options.rest,
      shardCount: options.shardCount,
      shardIds: [shardId],
      buildIdentifyThrottler: async () => throttler,
      retrieveSessionInfo: (id) => sessions.retrieveSessionInfo(id),
      updateSessionInfo: (id, info) => sessions.updateSessionInfo(id, info),
    });
    for (const event of forwarded) manager.on(event, (...args: unknown[]) => events.emit(event, ...args));
    manager.on(WebSocketShardEvents.Error, (err, id) => logger.error({ err, shardId: id }, 'gateway error'));
    manager.on(WebSocketShardEvents.Closed, (code, id) =>
      logger.info({ code, shardId: id }, 'gateway closed'),
    );
    manager.on(WebSocketShardEvents.Resumed, (id) => logger.info({ shardId: id }, 'gateway session resumed'));
    manager.on(WebSocketShardEvents.Ready, (_data, id) =>
      logger.info({ shardId: id }, 'gateway session ready'),
    );
    return manager;
  }

  const pool: ShardPool = {
    async start(shardId) {
      if (managers.has(shardId)) return;
      sessions.adopt(shardId);
      const entry = { manager: managerFor(shardId), stopped: new AbortController() };
      managers.set(shardId, entry);
      // connect() waits for READY/RESUMED; a shard stopped before that must not keep a caller waiting.
      const stopped = new Promise<void>((resolve) =>
        entry.stopped.signal.addEventListener('abort', () => resolve(), { once: true }),
      );
      await Promise.race([entry.manager.connect(), stopped]);
    },
    async stop(shardId, reason, lost = false) {
      const entry = managers.get(shardId);
      if (!entry) return;
      managers.delete(shardId);
      sessions.keep(shardId);
      await entry.manager.destroy({ code: keepSessionCloseCode, reason });
      entry.stopped.abort();
      await sessions.release(shardId, !lost);
      logger.info({ shardId, reason }, 'gateway shard handed over');
    },
    running: () => [...managers.keys()].sort((a, b) => a - b),
    async notReady() {
      const waiting: number[] = [];
      for (const [shardId, { manager }] of managers) {
        const status = await manager.fetchStatus();
        if (status.get(shardId) !== WebSocketShardStatus.Ready) waiting.push(shardId);
      }
      return waiting;
    },
    getShardCount: () => options.shardCount,
    async send(shardId: number, payload: GatewaySendPayload) {
      const entry = managers.get(shardId);
      if (!entry) throw new RangeError(`shard ${shardId} does not run in this replica`);
      await entry.manager.send(shardId, payload);
    },
    on(event, listener) {
      events.on(event, listener as (...args: unknown[]) => void);
      return pool;
    },
  };
  return pool;
}
