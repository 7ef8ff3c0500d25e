import { type Bus, readOrdered, requestCommand } from '@guildwire/bus';
import {
  type ConfigUpdated,
  configCommands,
  configEvents,
  eventTypeFilter,
  isSettingsModuleName,
  type SettingsModuleName,
  type SettingsOf,
  settingsModules,
  systemActor,
} from '@guildwire/contracts';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import Value from 'typebox/value';
import { type CachedSettings, SettingsCache } from './settings-cache.js';

/** Where a value handed out by the client came from. */
export type SettingsSource = 'cache' | 'config' | 'defaults';

/** A guild's module settings with their version; `settings` is frozen (shared by every reader). */
export interface ResolvedSettings<S> extends CachedSettings<S> {
  readonly source: SettingsSource;
}

/** A change the client applied from a `config.updated` event. */
export interface SettingsChange {
  readonly guildId: string;
  readonly module: SettingsModuleName;
  readonly version: number;
  readonly settings: unknown;
}

/** Every module of one guild, each a promise of its settings: `forGuild(id).tickets`. */
export type GuildSettings = { readonly [M in SettingsModuleName]: Promise<SettingsOf<M>> };

export interface SettingsClientOptions {
  readonly bus: Bus;
  readonly logger?: Logger;
  /** Most (guild, module) entries kept; the least recently used goes first (default 10 000). */
  readonly maxEntries?: number;
  /** How long a `cmd.config.get` may take before the client falls back (default 1000 ms). */
  readonly requestTimeoutMs?: number;
  /**
   * After a failed fetch, uncached settings are served from defaults without asking again for this
   * long, so a config outage costs no request latency (default 5000 ms).
   */
  readonly retryAfterMs?: number;
  /** Delay before the event feed is followed again after it broke (default 1000 ms). */
  readonly refollowAfterMs?: number;
  /** Prometheus registry for the client's metrics (none when absent). */
  readonly registry?: Registry;
  /** Component name in logs and in the actor of its requests (default "settings-client"). */
  readonly name?: string;
}

/**
 * Per-guild module settings for a service: a bounded local cache filled by `cmd.config.get` and
 * kept current by `config.updated` events, read through one ordered consumer for every guild.
 * When the config service cannot answer, a cached value is served as it is (the last known one),
 * else the module's defaults; the metric `settings_client_fallbacks_total` and a warning say so.
 */
export interface SettingsClient {
  /** Starts following `config.updated`; call once before serving. */
  start(): Promise<void>;
  /** The guild's settings of `module`: from the cache, else fetched, else the defaults. */
  get<M extends SettingsModuleName>(guildId: string, module: M): Promise<ResolvedSettings<SettingsOf<M>>>;
  /** The cached settings, synchronously; undefined when not cached. */
  peek<M extends SettingsModuleName>(guildId: string, module: M): CachedSettings<SettingsOf<M>> | undefined;
  /** Every module of one guild: `await settings.forGuild(id).tickets`. */
  forGuild(guildId: string): GuildSettings;
  /** Calls `listener` after each change applied from an event; returns the unsubscribe function. */
  onChange(listener: (change: SettingsChange) => void): () => void;
  /** Whether the event feed is running (while it is not, cached values may be behind). */
  readonly following: boolean;
  /** Stops following events; pending reads still settle. */
  close(): Promise<void>;
}

/** Creates a settings client over `bus` (see SettingsClient). */
export function createSettingsClient(options: SettingsClientOptions): SettingsClient {
  const name = options.name ?? 'settings-client';
  const logger = options.logger?.child({ component: name });
  const cache = new SettingsCache(options.maxEntries ?? 10_000);
  const requestTimeoutMs = options.requestTimeoutMs ?? 1000;
  const retryAfterMs = options.retryAfterMs ?? 5000;
  const refollowAfterMs = options.refollowAfterMs ?? 1000;
  const inflight = new Map<string, Promise<ResolvedSettings<unknown>>>();
  const listeners = new Set<(change: SettingsChange) => void>();
  const metrics = options.registry ? createMetrics(options.registry, () => cache.size) : undefined;
  let unavailableUntil = 0;
  let feed: { stop(): Promise<void>; done: Promise<void> } | undefined;
  let lastSeq: number | undefined;
  let following = false;
  let closed = false;
  let refollowTimer: NodeJS.Timeout | undefined;

  function apply(event: ConfigUpdated, seq: number): void {
    lastSeq = seq;
    const doc = event.settings;
    if (!doc || !isSettingsModuleName(doc.module)) return;
    const { guildId, module, version } = doc;
    // Only guilds this process reads (or is reading right now): others would evict useful entries.
    if (!cache.has(guildId, module) && !inflight.has(keyOf(guildId, module))) return;
    const settings = complete(module, doc.settings ?? {});
    if (!cache.offer(guildId, module, { version, settings })) return;
    metrics?.eventsApplied.inc();
    for (const listener of listeners) {
      try {
        listener({ guildId, module, version, settings });
      } catch (err) {
        logger?.error({ err, guildId, module }, 'settings change listener failed');
      }
    }
  }

  async function follow(): Promise<void> {
    const read = await readOrdered(options.bus, {
      filter: eventTypeFilter(configEvents.updated),
      ...(lastSeq === undefined ? {} : { startSeq: lastSeq + 1 }),
      onEvent: (event) => apply(event.message as ConfigUpdated, event.seq),
    });
    feed = read;
    following = true;
    metrics?.following.set(1);
    read.done.then(
      () => lost(),
      (err) => lost(err),
    );
  }

  function lost(err?: unknown): void {
    following = false;
    metrics?.following.set(0);
    if (closed) return;
    logger?.warn(
      { err, lastSeq },
      'config.updated feed ended; cached settings may fall behind until it resumes',
    );
    refollowTimer = setTimeout(() => {
      follow().catch((e) => lost(e));
    }, refollowAfterMs);
    refollowTimer.unref();
  }

  async function fetch(guildId: string, module: SettingsModuleName): Promise<ResolvedSettings<unknown>> {
    try {
      const reply = await requestCommand(
        options.bus,
        configCommands.get,
        { guildId, module, actor: systemActor(name) },
        { timeoutMs: requestTimeoutMs },
      );
      const doc = reply.settings;
      if (!doc) throw new Error('cmd.config.get replied without settings');
      metrics?.fetches.inc({ outcome: 'ok' });
      const entry = { version: doc.version, settings: complete(module, doc.settings ?? {}) };
      cache.offer(guildId, module, entry);
      // An event may have brought a newer version while the request was out.
      const current = cache.current(guildId, module) ?? entry;
      return { version: current.version, settings: current.settings, source: 'config' };
    } catch (err) {
      metrics?.fetches.inc({ outcome: 'failed' });
      if (Date.now() >= unavailableUntil) {
        // The reason, not a stack: "no responders" is the usual case and says all there is to say.
        logger?.warn(
          { reason: err instanceof Error ? err.message : String(err), guildId, module, retryAfterMs },
          'config service did not answer; serving module defaults for settings not cached',
        );
      }
      unavailableUntil = Date.now() + retryAfterMs;
      return fallback(guildId, module);
    }
  }

  function fallback(guildId: string, module: SettingsModuleName): ResolvedSettings<unknown> {
    // An event may have filled the entry meanwhile: that is still better than the defaults.
    const cached = cache.get(guildId, module);
    if (cached) return cached.resolved;
    metrics?.fallbacks.inc({ module });
    return { version: 0, settings: settingsModules[module].defaults, source: 'defaults' };
  }

  function miss(guildId: string, module: SettingsModuleName): Promise<ResolvedSettings<unknown>> {
    if (!isSettingsModuleName(module))
      return Promise.reject(new RangeError(`unknown settings module ${module}`));
    if (Date.now() < unavailableUntil) return Promise.resolve(fallback(guildId, module));
    const key = keyOf(guildId, module);
    let pending = inflight.get(key);
    if (!pending) {
      pending = fetch(guildId, module).finally(() => inflight.delete(key));
      inflight.set(key, pending);
    }
    return pending;
  }

  /** `forGuild(id)`: one getter per module on the prototype, so a view costs one small object. */
  class GuildView {
    constructor(readonly guildId: string) {}
  }
  for (const module of Object.keys(settingsModules) as SettingsModuleName[]) {
    Object.defineProperty(GuildView.prototype, module, {
      enumerable: true,
      get(this: GuildView) {
        const cached = cache.get(this.guildId, module);
        return cached ? cached.settingsPromise : miss(this.guildId, module).then((r) => r.settings);
      },
    });
  }

  const client: SettingsClient = {
    async start() {
      if (feed) return;
      await follow();
    },

    get<M extends SettingsModuleName>(guildId: string, module: M) {
      // A hit hands out the entry's own settled promise: nothing is allocated on the hot path.
      const cached = cache.get(guildId, module);
      if (cached) return cached.promise as Promise<ResolvedSettings<SettingsOf<M>>>;
      return miss(guildId, module) as Promise<ResolvedSettings<SettingsOf<M>>>;
    },

    peek<M extends SettingsModuleName>(guildId: string, module: M) {
      return cache.get(guildId, module)?.resolved as CachedSettings<SettingsOf<M>> | undefined;
    },

    forGuild(guildId) {
      return new GuildView(guildId) as unknown as GuildSettings;
    },

    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    get following() {
      return following;
    },

    async close() {
      closed = true;
      clearTimeout(refollowTimer);
      await feed?.stop();
      await Promise.allSettled([...inflight.values()]);
    },
  };
  return client;
}

const keyOf = (guildId: string, module: string) => `${guildId}/${module}`;

/**
 * What the config service sent, with defaults filled in for fields this build declares and the
 * sender did not know (a newer module declaration here than there), frozen.
 */
function complete(module: SettingsModuleName, settings: object): unknown {
  const { schema } = settingsModules[module];
  return deepFreeze(Value.Default(schema, structuredClone(settings)));
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function createMetrics(registry: Registry, cachedEntries: () => number) {
  new Gauge({
    name: 'settings_client_cached_entries',
    help: 'Guild module settings held in the local cache.',
    registers: [registry],
    collect() {
      this.set(cachedEntries());
    },
  });
  return {
    fetches: new Counter({
      name: 'settings_client_fetches_total',
      help: 'cmd.config.get requests by outcome (ok, failed).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    fallbacks: new Counter({
      name: 'settings_client_fallbacks_total',
      help: 'Reads answered with module defaults because the config service could not answer.',
      labelNames: ['module'] as const,
      registers: [registry],
    }),
    eventsApplied: new Counter({
      name: 'settings_client_events_applied_total',
      help: 'config.updated events that changed a cached entry.',
      registers: [registry],
    }),
    following: new Gauge({
      name: 'settings_client_following',
      help: '1 while the config.updated feed runs; 0 while cached settings may fall behind.',
      registers: [registry],
    }),
  };
}
