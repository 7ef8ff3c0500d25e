import type { SettingsModuleName } from '@guildwire/contracts';

/** One guild's settings of one module as the client knows them. */
export interface CachedSettings<S = unknown> {
  /** 0 while the guild never changed the module (the settings are the defaults). */
  readonly version: number;
  readonly settings: S;
}

/**
 * A cached entry with the answers a read hands out built once, so a cached read allocates nothing:
 * the resolved value, and promises of it and of its settings.
 */
export interface CacheSlot<S = unknown> extends CachedSettings<S> {
  readonly resolved: CachedSettings<S> & { readonly source: 'cache' };
  readonly promise: Promise<CachedSettings<S> & { readonly source: 'cache' }>;
  readonly settingsPromise: Promise<S>;
}

/** The modules of one guild, and whether a read touched them since the last eviction pass. */
interface GuildEntry {
  readonly modules: Partial<Record<SettingsModuleName, CacheSlot>>;
  count: number;
  used: boolean;
}

/**
 * The client's memory: the newest known version per (guild, module), bounded by `maxEntries`.
 * Eviction is "second chance" (CLOCK), an approximation of least-recently-used that costs a read
 * only a flag: a hit marks its guild used; when the cache is full, the oldest guild is dropped
 * unless it was used since the last pass, in which case it is cleared and moved to the back.
 * A version never goes backwards: an older reply that arrives after a newer event is ignored.
 */
export class SettingsCache {
  readonly #guilds = new Map<string, GuildEntry>();
  #size = 0;

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new RangeError('maxEntries must be a positive integer');
  }

  /** Cached (guild, module) entries. */
  get size(): number {
    return this.#size;
  }

  /** The entry, marking its guild as recently used. */
  get(guildId: string, module: SettingsModuleName): CacheSlot | undefined {
    const guild = this.#guilds.get(guildId);
    if (guild === undefined) return undefined;
    const slot = guild.modules[module];
    if (slot !== undefined) guild.used = true;
    return slot;
  }

  /** Stores `entry` unless a newer version is known; returns whether it was stored. */
  offer(guildId: string, module: SettingsModuleName, entry: CachedSettings): boolean {
    let guild = this.#guilds.get(guildId);
    const known = guild?.modules[module];
    if (known !== undefined && known.version > entry.version) return false;
    if (guild === undefined) {
      guild = { modules: {}, count: 0, used: false };
      this.#guilds.set(guildId, guild);
    }
    if (known === undefined) {
      guild.count++;
      this.#size++;
    }
    guild.modules[module] = slotOf(entry);
    this.#evict(guildId);
    return true;
  }

  /** The entry without counting it as a use (the client's own bookkeeping). */
  current(guildId: string, module: SettingsModuleName): CacheSlot | undefined {
    return this.#guilds.get(guildId)?.modules[module];
  }

  /** Whether the guild's module is cached (no recency change). */
  has(guildId: string, module: SettingsModuleName): boolean {
    return this.current(guildId, module) !== undefined;
  }

  #evict(keep: string): void {
    while (this.#size > this.maxEntries) {
      const [guildId, guild] = this.#guilds.entries().next().value as [string, GuildEntry];
      if (guild.used || (guildId === keep && this.#guilds.size > 1)) {
        // Second chance: to the back of the line, flag cleared.
        guild.used = false;
        this.#guilds.delete(guildId);
        this.#guilds.set(guildId, guild);
        continue;
      }
      this.#guilds.delete(guildId);
      this.#size -= guild.count;
    }
  }
}

function slotOf<S>(entry: CachedSettings<S>): CacheSlot<S> {
  const resolved = Object.freeze({
    version: entry.version,
    settings: entry.settings,
    source: 'cache' as const,
  });
  return {
    version: entry.version,
    settings: entry.settings,
    resolved,
    promise: Promise.resolve(resolved),
    settingsPromise: Promise.resolve(entry.settings),
  };
}
