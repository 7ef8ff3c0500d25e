import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import type { Bus } from '@guildwire/bus';
import { closeCodes } from '@guildwire/realtime-client/protocol';
import type { TokenVerifier } from '@guildwire/service-kit';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { WebSocket } from 'ws';
import type { GatewayLimits } from './config.js';
import type { FeedEvent } from './core/feed-event.js';
import { createGatewayMetrics } from './core/metrics.js';
import { createGuildFanout } from './fanout/guild-fanout.js';
import { createEventFeed } from './feed/event-feed.js';
import { createEventHistory } from './history/event-history.js';
import { createConnectionRate } from './limits/connection-rate.js';
import { createUserConnections } from './limits/user-connections.js';
import { createPresenceHub } from './presence/presence-hub.js';
import { createPresenceLink } from './presence/presence-link.js';
import { createReplaySlots } from './replay/replay-slots.js';
import { createCorkQueue } from './session/cork-queue.js';
import { openSession, type Session } from './session/session.js';
import type { SessionContext } from './session/session-context.js';
import { createSubscriptionLifecycle } from './subscriptions/lifecycle.js';

/** Dependencies of a gateway core. */
export interface GatewayOptions {
  readonly bus: Bus;
  readonly limits: GatewayLimits;
  readonly verifyToken: TokenVerifier;
  /** The service logger; the gateway and its feed log under their own `component`. */
  readonly logger: Logger;
  readonly registry: Registry;
}

/** One gateway instance: the feed, the history, the fan-out, presence and every open session. */
export interface Gateway {
  readonly sessions: number;
  /** Starts following the stream; the history refill goes on in the background (`refilled`). */
  start(): Promise<void>;
  /** Settles once the history refill that `start` began is complete. */
  readonly refilled: Promise<void>;
  /** Takes over an upgraded connection (after the connection-rate check). */
  accept(ws: WebSocket, socket: Socket, address: string, protocolToken: string | undefined): void;
  /** Closes every connection with 1012 (reconnect elsewhere) and waits briefly for them to go. */
  closeSessions(graceMs: number): Promise<void>;
  stop(): Promise<void>;
}

/** Wires the gateway's parts together; nothing runs until `start`. */
export function createGateway(options: GatewayOptions): Gateway {
  const { bus, limits } = options;
  const logger = options.logger.child({ component: 'gateway' });
  const history = createEventHistory({
    eventsPerGuild: limits.historyEventsPerGuild,
    eventsTotal: limits.historyEventsTotal,
    maxAgeMs: limits.historyMaxAgeMs,
  });
  const fanout = createGuildFanout();
  const slots = createReplaySlots(limits.maxConcurrentReplays);
  const sessions = new Set<Session>();
  const userConnections = createUserConnections(limits.maxConnectionsPerUser);
  const rate = createConnectionRate(limits.connectionsPerSecond, limits.connectionBurst);
  const metrics = createGatewayMetrics(options.registry, {
    connections: () => sessions.size,
    subscriptions: () => fanout.size,
    historyEvents: () => history.size,
    streamReplaysActive: () => slots.active,
    presenceViews: () => presence.views,
  });
  const presence = createPresenceHub({
    link: createPresenceLink(bus, randomUUID(), options.logger.child({ component: 'presence' })),
    timings: {
      debounceMs: limits.presenceDebounceMs,
      heartbeatMs: limits.presenceHeartbeatMs,
      ttlMs: limits.presenceTtlMs,
    },
    logger: options.logger.child({ component: 'presence' }),
    count: (kind) => metrics.presenceMessages.inc({ kind }),
  });
  const timers: NodeJS.Timeout[] = [];
  /**
   * Closes a connection it will not serve. ws keeps reading until the close handshake ends, and a
   * broken frame meanwhile is an 'error' event, which without a listener would stop the process.
   */
  const refuse = (ws: WebSocket, code: number, reason: string): void => {
    ws.on('error', (err: Error & { code?: string }) => {
      logger.debug(
        { code: err.code, reason: err.message },
        'websocket protocol error on a refused connection',
      );
    });
    ws.close(code, reason);
  };
  let closing = false;

  const subscriptions = createSubscriptionLifecycle({
    bus,
    history,
    fanout,
    slots,
    metrics,
    logger,
    epoch: () => feed.epoch,
    historyRefilled: () => (feed.refilling ? feed.refilled : undefined),
  });

  const ctx: SessionContext = {
    limits,
    verifyToken: options.verifyToken,
    userConnections,
    subscriptions,
    presence,
    metrics,
    logger,
    corkQueue: createCorkQueue(),
  };

  const onEvent = (event: FeedEvent): void => {
    const sent = fanout.deliver(event);
    if (sent > 0) metrics.eventsDelivered.inc(sent);
    metrics.fanoutLag.observe(Math.max(0, Date.now() - event.ts) / 1000);
  };

  const feed = createEventFeed({
    bus,
    history,
    logger: options.logger.child({ component: 'event-feed' }),
    epochCheckMs: limits.epochCheckMs,
    onEvent,
    onEpochChange: () => subscriptions.resyncAll('epoch'),
  });

  return {
    get sessions() {
      return sessions.size;
    },
    get refilled() {
      return feed.refilled;
    },
    async start() {
      await feed.start();
      presence.start();
      const every = (ms: number, fn: () => void) => {
        const timer = setInterval(fn, ms);
        timer.unref();
        timers.push(timer);
      };
      every(limits.pingIntervalMs, () => {
        for (const session of sessions) session.heartbeat();
      });
      every(Math.min(limits.historyMaxAgeMs, 10_000), () => history.evictExpired());
      every(60_000, () => rate.sweep());
    },
    accept(ws, socket, address, protocolToken) {
      if (closing) {
        refuse(ws, closeCodes.serviceRestart, 'service restarting');
        return;
      }
      if (!rate.allow(address)) {
        metrics.rejectedConnections.inc({ reason: 'rate_limited' });
        refuse(ws, closeCodes.rateLimited, 'too many new connections');
        return;
      }
      const session = openSession({
        ws,
        socket,
        protocolToken,
        ctx,
        onClose: (s) => sessions.delete(s),
      });
      sessions.add(session);
    },
    async closeSessions(graceMs) {
      closing = true;
      const open = [...sessions].map((s) => s.outbound);
      for (const session of [...sessions])
        session.close(closeCodes.serviceRestart, 'service restart: reconnect');
      // The close handshake takes a round trip; a peer that does not answer within the grace
      // period is cut off.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([Promise.all(open.map((o) => o.finished)), grace]);
      clearTimeout(timer);
      for (const o of open) o.terminate();
    },
    async stop() {
      closing = true;
      for (const timer of timers) clearInterval(timer);
      presence.stop();
      await feed.stop();
    },
  };
}
