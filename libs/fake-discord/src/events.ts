import type { InteractionRecord } from './state/types.js';

/** A gateway dispatch caused by a state change, routed to the shard that owns `guildId`. */
export interface DispatchEvent {
  kind: 'dispatch';
  name: string;
  guildId: string | null;
  data: object;
}

/** An interaction changed status (answered by the bot, or expired). */
export interface InteractionEvent {
  kind: 'interaction';
  interaction: InteractionRecord;
}

/** A REST request the fake answered (used by waits on requests, e.g. retried 429s). */
export interface RequestEvent {
  kind: 'request';
  method: string;
  path: string;
  status: number;
}

/** A gateway session was identified, resumed or lost its connection. */
export interface SessionEvent {
  kind: 'session';
  sessionId: string;
  change: 'identified' | 'resumed' | 'disconnected';
}

/** Everything that changes the fake's observable state. */
export type FakeDiscordEvent = DispatchEvent | InteractionEvent | RequestEvent | SessionEvent;

/** A synchronous fan-out of state changes to gateway sessions and waiters. */
export interface EventBus {
  publish(event: FakeDiscordEvent): void;
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: (event: FakeDiscordEvent) => void): () => void;
}

/** Creates an event bus. Listeners run in subscription order, synchronously with the change. */
export function createEventBus(): EventBus {
  const listeners = new Set<(event: FakeDiscordEvent) => void>();
  return {
    publish(event) {
      for (const listener of [...listeners]) listener(event);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
