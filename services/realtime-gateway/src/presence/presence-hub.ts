import type { PresenceFrame } from '@guildwire/realtime-client/protocol';
import type { Logger } from 'pino';
import type { PresenceLink } from './presence-link.js';
import { createPresenceState, entryOf, type RemoteUpdate } from './presence-state.js';
import { receivesViewers, type View } from './view.js';

/** Tunables of presence (docs/realtime-protocol.md, Limits). */
export interface PresenceTimings {
  readonly debounceMs: number;
  readonly heartbeatMs: number;
  readonly ttlMs: number;
}

/** Presence of one gateway replica: its views, the other replicas' reports, frames and NATS. */
export interface PresenceHub {
  /** Local views (metric). */
  readonly views: number;
  /** A connection began viewing; staff get the list at once, everyone else the change shortly. */
  add(view: View): void;
  /** A connection asked again for a topic it views: staff get the current list again. */
  answer(view: View): void;
  remove(view: View): void;
  /** The view's role changed (refreshed token): a new staff viewer gets the list now. */
  roleChanged(view: View): void;
  start(): void;
  /** Says goodbye for every guild with local viewers (peers drop them at once), then stops. */
  stop(): void;
}

/** Options of a hub. */
export interface PresenceHubOptions {
  readonly link: PresenceLink;
  readonly timings: PresenceTimings;
  readonly logger: Logger;
  /** Counts NATS messages by kind (published, received, rejected). */
  readonly count: (kind: 'published' | 'received' | 'rejected') => void;
  readonly now?: () => number;
}

/** The `presence` frame for a topic's viewers. */
export function presenceFrame(guildId: string, topic: string, viewers: PresenceFrame['viewers']): string {
  return JSON.stringify({ op: 'presence', guildId, topic, viewers } satisfies PresenceFrame);
}

/**
 * Keeps presence current: a change (local view, report from another replica, expiry) marks its
 * topic; once per debounce period each marked guild is flushed — its changed local topics are
 * published to the other replicas in one message, and every staff viewer of a marked topic whose
 * list changed gets one `presence` frame. A heartbeat republishes everything this replica holds.
 */
export function createPresenceHub(options: PresenceHubOptions): PresenceHub {
  const { link, timings, logger } = options;
  const now = options.now ?? Date.now;
  const state = createPresenceState();
  // guild → topics whose merged list may have changed, and those whose local viewers changed
  const pending = new Map<string, { frames: Set<string>; publish: Set<string> }>();
  // Guilds this replica has reported viewers of since it last said goodbye for them.
  const announced = new Set<string>();
  let flushTimer: NodeJS.Timeout | undefined;
  const timers: NodeJS.Timeout[] = [];
  let lastRejectLog = 0;

  const mark = (guildId: string, topic: string, local: boolean): void => {
    const marks = entryOf(pending, guildId, () => ({
      frames: new Set<string>(),
      publish: new Set<string>(),
    }));
    marks.frames.add(topic);
    if (local) marks.publish.add(topic);
    // Not re-armed by later changes: a steady stream of changes still flushes every period.
    flushTimer ??= setTimeout(flush, timings.debounceMs);
  };

  const send = (view: View, frame: string): void => {
    view.lastFrame = frame;
    view.outbound.send(frame);
  };

  const publish = (guildId: string, full: boolean, topics: Iterable<string>): void => {
    const list = [...topics].map((topic) => ({ topic, viewers: state.localViewers(guildId, topic) }));
    if (full && list.length === 0) announced.delete(guildId);
    else announced.add(guildId);
    link.publish({ guildId, full, topics: list, ttlMs: timings.ttlMs });
    options.count('published');
  };

  const flush = (): void => {
    flushTimer = undefined;
    const batch = [...pending];
    pending.clear();
    for (const [guildId, marks] of batch) {
      if (marks.publish.size > 0) {
        // No viewer left here: one goodbye replaces the guild's state on every other replica.
        if (state.localTopics(guildId).length > 0) publish(guildId, false, marks.publish);
        else if (announced.has(guildId)) publish(guildId, true, []);
      }
      for (const topic of marks.frames) {
        const views = state.localViewsOf(guildId, topic);
        if (views.size === 0) continue;
        const frame = presenceFrame(guildId, topic, state.viewers(guildId, topic));
        for (const view of views) if (receivesViewers(view) && view.lastFrame !== frame) send(view, frame);
      }
    }
  };

  const heartbeat = (): void => {
    for (const guildId of state.localGuilds()) publish(guildId, true, state.localTopics(guildId));
  };

  const sweep = (): void => {
    for (const [guildId, topic] of state.expire(now())) mark(guildId, topic, false);
  };

  const onUpdate = (update: RemoteUpdate): void => {
    options.count('received');
    for (const topic of state.applyRemote(update, now())) mark(update.guildId, topic, false);
  };

  const answer = (view: View): void => {
    if (receivesViewers(view))
      send(view, presenceFrame(view.guildId, view.topic, state.viewers(view.guildId, view.topic)));
  };

  return {
    get views() {
      return state.localViews;
    },
    add(view) {
      state.addLocal(view);
      answer(view);
      mark(view.guildId, view.topic, true);
    },
    answer,
    remove(view) {
      state.removeLocal(view);
      mark(view.guildId, view.topic, true);
    },
    roleChanged(view) {
      if (receivesViewers(view)) answer(view);
      else view.lastFrame = undefined;
    },
    start() {
      link.start({
        onUpdate,
        onSync: heartbeat,
        onRejected: (reason) => {
          options.count('rejected');
          if (now() - lastRejectLog < 60_000) return;
          lastRejectLog = now();
          logger.warn({ reason }, 'presence message refused (further ones for a minute are only counted)');
        },
      });
      const every = (ms: number, fn: () => void): void => {
        const timer = setInterval(fn, ms);
        timer.unref();
        timers.push(timer);
      };
      every(timings.heartbeatMs, heartbeat);
      every(Math.max(25, Math.floor(timings.ttlMs / 10)), sweep);
    },
    stop() {
      for (const timer of timers) clearInterval(timer);
      clearTimeout(flushTimer);
      flushTimer = undefined;
      pending.clear();
      // Sessions are closed by now; whatever is left goes with us.
      for (const guildId of new Set([...announced, ...state.localGuilds()])) publish(guildId, true, []);
      link.stop();
    },
  };
}
