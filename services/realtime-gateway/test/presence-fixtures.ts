import type { PresenceFrame, ServerFrame } from '@guildwire/realtime-client/protocol';
import type { RawClient } from './fixtures.js';

/** Fast presence timings for tests: frames within 20 ms, heartbeats every 100 ms, expiry after 2 s. */
export const fastPresence = { presenceDebounceMs: 20, presenceHeartbeatMs: 100, presenceTtlMs: 2000 };

/** Heartbeats too slow to matter within a test: only deltas, sync and goodbyes move state. */
export const slowPresence = { presenceDebounceMs: 20, presenceHeartbeatMs: 60_000, presenceTtlMs: 180_000 };

const isPresence =
  (topic: string) =>
  (f: ServerFrame): f is PresenceFrame =>
    f.op === 'presence' && f.topic === topic;

/** Every presence frame of `topic` the client received. */
export function presenceFrames(c: RawClient, topic: string): PresenceFrame[] {
  return c.frames.filter(isPresence(topic));
}

/** The user ids of a presence frame, in its order. */
export const ids = (f: PresenceFrame): string[] => f.viewers.map((v) => v.userId);

/** Waits for a presence frame of `topic` listing exactly `users` (in order), from frame `from` on. */
export function viewersAre(c: RawClient, topic: string, users: string[], from = 0): Promise<PresenceFrame> {
  const want = JSON.stringify(users);
  return c.next((f): f is PresenceFrame => isPresence(topic)(f) && JSON.stringify(ids(f)) === want, from);
}

/** Sends a ping and waits for its pong: every frame sent before it has been answered. */
export async function roundTrip(c: RawClient): Promise<void> {
  const from = c.frames.length;
  c.send({ op: 'ping' });
  await c.next((f) => f.op === 'pong', from);
}
