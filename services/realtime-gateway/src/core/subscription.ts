import type { GuildRole } from '@guildwire/contracts';
import type { Outbound } from './outbound.js';

/**
 * How a subscription is being served: `catching-up` sends missed events (memory or stream) under
 * flow control; `live` receives each new event from the fan-out; `ended` is unsubscribed or closed.
 */
export type SubscriptionMode = 'pending' | 'catching-up' | 'live' | 'ended';

/** One guild followed by one connection. */
export interface Subscription {
  readonly guildId: string;
  readonly userId: string;
  readonly outbound: Outbound;
  role: GuildRole;
  mode: SubscriptionMode;
  /** Newest seq of the guild already considered for this connection (sent or filtered out). */
  position: number;
  /** seq of the last event sent: the `prev` of the next one. */
  lastSent: number;
  /** Bumped whenever the subscription is restarted or ended; a catch-up of an older generation stops. */
  generation: number;
}

/** A fresh subscription, not yet answered. */
export function createSubscription(
  guildId: string,
  userId: string,
  role: GuildRole,
  outbound: Outbound,
): Subscription {
  return { guildId, userId, role, outbound, mode: 'pending', position: 0, lastSent: 0, generation: 0 };
}

/** Places the subscription at `seq` (position and prev) and starts a new generation. */
export function restartAt(sub: Subscription, seq: number): number {
  sub.position = seq;
  sub.lastSent = seq;
  return ++sub.generation;
}

/** Ends the subscription; running catch-ups notice and stop. */
export function endSubscription(sub: Subscription): void {
  sub.mode = 'ended';
  sub.generation++;
}
