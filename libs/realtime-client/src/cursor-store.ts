import type { Cursor } from './protocol/frames.js';

/** Where the client keeps its position per guild; pluggable so a reloaded page can resume. */
export interface CursorStore {
  get(guildId: string): Cursor | undefined;
  set(guildId: string, cursor: Cursor): void;
  delete(guildId: string): void;
}

/** The subset of the Web Storage API (`localStorage`, `sessionStorage`) the store needs. */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** Cursors in memory (the default): resume survives reconnects, not page reloads. */
export function memoryCursorStore(): CursorStore {
  const cursors = new Map<string, Cursor>();
  return {
    get: (guildId) => cursors.get(guildId),
    set: (guildId, cursor) => void cursors.set(guildId, cursor),
    delete: (guildId) => void cursors.delete(guildId),
  };
}

/**
 * Cursors in a Web Storage (e.g. `localStorage`) under `<prefix><guildId>`, so a reloaded dashboard
 * resumes where it was. Writes are cached and a malformed stored value reads as no cursor.
 */
export function storageCursorStore(storage: StorageLike, prefix = 'guildwire.cursor.'): CursorStore {
  return {
    get(guildId) {
      const raw = storage.getItem(prefix + guildId);
      if (raw === null) return undefined;
      try {
        const value = JSON.parse(raw) as Partial<Cursor>;
        if (Number.isSafeInteger(value.seq) && typeof value.epoch === 'string') {
          return { seq: value.seq as number, epoch: value.epoch };
        }
      } catch {
        // fall through: treat as absent
      }
      return undefined;
    },
    set(guildId, cursor) {
      storage.setItem(prefix + guildId, JSON.stringify({ seq: cursor.seq, epoch: cursor.epoch }));
    },
    delete(guildId) {
      storage.removeItem(prefix + guildId);
    },
  };
}
