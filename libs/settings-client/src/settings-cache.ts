import type { SettingsModuleName } from '@guildwire/contracts';

/** One guild's settings of one module as the client knows them. */
export interface CachedSettings<S = unknown> {
  /** 0 while the guild never changed the module (the settings are the defaults). */
  readonly version: number;
  readonly settings: S;
}

/**
 * The client's memory: the newest known version per (guild, module), bounded by evicting the
 * least recently used entry. A version never goes backwards: an older reply that arrives after a
 * newer event is ignored.
 */
export class SettingsCache {
  readonly #entries = new Map<string, CachedSettings>();

  constructor(readonly maxEntries: number) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new RangeError('maxEntries must be a positive integer');
  }

  get size(): number {
    return this.#entries.size;
  }

  /** The entry, marked as recently used. */
  get(guildId: string, module: SettingsModuleName): CachedSettings | undefined {
    const key = keyOf(guildId, module);
    const entry = this.#entries.get(key);
    if (entry === undefined) return undefined;
    // Map keeps insertion order: re-inserting moves the entry to the most recently used end.
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry;
  }

  /** Stores `entry` unless a newer version is known; returns whether it was stored. */
  offer(guildId: string, module: SettingsModuleName, entry: CachedSettings): boolean {
    const key = keyOf(guildId, module);
    const known = this.#entries.get(key);
    if (known !== undefined && known.version > entry.version) return false;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    while (this.#entries.size > this.maxEntries) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
    return true;
  }

  /** Whether the guild's module is cached (no recency change). */
  has(guildId: string, module: SettingsModuleName): boolean {
    return this.#entries.has(keyOf(guildId, module));
  }
}

const keyOf = (guildId: string, module: string) => `${guildId}/${module}`;
