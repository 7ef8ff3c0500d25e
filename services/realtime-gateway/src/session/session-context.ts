import type { TokenVerifier } from '@guildwire/service-kit';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../core/metrics.js';
import type { UserConnections } from '../limits/user-connections.js';
import type { PresenceHub } from '../presence/presence-hub.js';
import type { SubscriptionLifecycle } from '../subscriptions/lifecycle.js';
import type { CorkQueue } from './cork-queue.js';

/** The limits a session enforces (a subset of the gateway's). */
export interface SessionLimits {
  readonly sendBufferBytes: number;
  readonly authTimeoutMs: number;
  readonly maxSubscriptions: number;
  readonly maxViews: number;
}

/** What a session needs from its gateway. */
export interface SessionContext {
  readonly limits: SessionLimits;
  readonly verifyToken: TokenVerifier;
  readonly userConnections: UserConnections;
  readonly subscriptions: SubscriptionLifecycle;
  readonly presence: PresenceHub;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  readonly corkQueue: CorkQueue;
}
