import type { PresenceViewer } from '@guildwire/realtime-client/protocol';
import type { View } from './view.js';

/** One topic's viewers as a replica reports them. */
export interface TopicViewers {
  readonly topic: string;
  readonly viewers: readonly PresenceViewer[];
}

/** What another replica said about one guild (a decoded, validated PresenceUpdate). */
export interface RemoteUpdate {
  readonly instanceId: string;
  readonly guildId: string;
  /** true: `topics` are all the sender has in the guild; false: they replace those topics only. */
  readonly full: boolean;
  readonly topics: readonly TopicViewers[];
  readonly ttlMs: number;
}

interface RemoteGuild {
  readonly topics: Map<string, readonly PresenceViewer[]>;
  expiresAt: number;
}

/**
 * Who views what, on this replica (its connections' views) and on the others (their last reports,
 * each expiring unless renewed). Pure state: no timers, no I/O; every mutation returns the topics
 * whose merged viewer list may have changed.
 */
export interface PresenceState {
  /** Local views, counted for the metric. */
  readonly localViews: number;
  addLocal(view: View): void;
  removeLocal(view: View): void;
  /** Local views of a topic (to send it frames). */
  localViewsOf(guildId: string, topic: string): ReadonlySet<View>;
  /** This replica's viewers of a topic, one entry per person (their earliest view). */
  localViewers(guildId: string, topic: string): PresenceViewer[];
  /** Topics of a guild with local views. */
  localTopics(guildId: string): string[];
  /** Guilds with local views. */
  localGuilds(): string[];
  /** Applies another replica's report; returns the topics it touched. */
  applyRemote(update: RemoteUpdate, now: number): string[];
  /** Drops reports not renewed in time; returns [guildId, topic] pairs they held. */
  expire(now: number): Array<readonly [string, string]>;
  /** Every viewer of a topic over all replicas: one per person, ordered by since then userId. */
  viewers(guildId: string, topic: string): PresenceViewer[];
}

const empty: ReadonlySet<View> = new Set();

/** The value of `key`, added by `make` when missing. */
export function entryOf<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}

/** Adds `viewers` into `byUser`, keeping each person's earliest `since`. */
function merge(byUser: Map<string, number>, viewers: Iterable<PresenceViewer>): void {
  for (const { userId, since } of viewers) {
    const known = byUser.get(userId);
    if (known === undefined || since < known) byUser.set(userId, since);
  }
}

function ordered(byUser: Map<string, number>): PresenceViewer[] {
  return [...byUser]
    .map(([userId, since]) => ({ userId, since }))
    .sort((a, b) => a.since - b.since || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
}

/** Creates an empty state. */
export function createPresenceState(): PresenceState {
  // guild → topic → views of this replica
  const local = new Map<string, Map<string, Set<View>>>();
  // guild → replica id → its report
  const remote = new Map<string, Map<string, RemoteGuild>>();
  let localViews = 0;

  const localViewers = (guildId: string, topic: string): PresenceViewer[] => {
    const byUser = new Map<string, number>();
    merge(byUser, local.get(guildId)?.get(topic) ?? empty);
    return ordered(byUser);
  };

  return {
    get localViews() {
      return localViews;
    },
    addLocal(view) {
      const views = entryOf(
        entryOf(local, view.guildId, () => new Map()),
        view.topic,
        () => new Set<View>(),
      );
      if (!views.has(view)) localViews++;
      views.add(view);
    },
    removeLocal(view) {
      const topics = local.get(view.guildId);
      const views = topics?.get(view.topic);
      if (topics === undefined || views === undefined || !views.delete(view)) return;
      localViews--;
      if (views.size === 0) topics.delete(view.topic);
      if (topics.size === 0) local.delete(view.guildId);
    },
    localViewsOf: (guildId, topic) => local.get(guildId)?.get(topic) ?? empty,
    localViewers,
    localTopics: (guildId) => [...(local.get(guildId)?.keys() ?? [])],
    localGuilds: () => [...local.keys()],
    applyRemote(update, now) {
      const replicas = entryOf(remote, update.guildId, () => new Map<string, RemoteGuild>());
      const known = entryOf(replicas, update.instanceId, () => ({ topics: new Map(), expiresAt: 0 }));
      known.expiresAt = now + update.ttlMs;
      const touched = new Set<string>();
      if (update.full) {
        for (const topic of known.topics.keys()) touched.add(topic);
        known.topics.clear();
      }
      for (const { topic, viewers } of update.topics) {
        touched.add(topic);
        if (viewers.length === 0) known.topics.delete(topic);
        else known.topics.set(topic, viewers);
      }
      if (known.topics.size === 0) replicas.delete(update.instanceId);
      if (replicas.size === 0) remote.delete(update.guildId);
      return [...touched];
    },
    expire(now) {
      const dropped: Array<readonly [string, string]> = [];
      for (const [guildId, replicas] of remote) {
        for (const [instanceId, known] of replicas) {
          if (known.expiresAt > now) continue;
          for (const topic of known.topics.keys()) dropped.push([guildId, topic]);
          replicas.delete(instanceId);
        }
        if (replicas.size === 0) remote.delete(guildId);
      }
      return dropped;
    },
    viewers(guildId, topic) {
      const byUser = new Map<string, number>();
      merge(byUser, local.get(guildId)?.get(topic) ?? empty);
      for (const known of remote.get(guildId)?.values() ?? []) merge(byUser, known.topics.get(topic) ?? []);
      return ordered(byUser);
    },
  };
}
