import type { EventDef } from './define-event.js';
import { parseEventSubject } from './subjects.js';

/** A lookup of event definitions by type, built once from the declared events. */
export interface EventRegistry {
  readonly all: readonly EventDef[];
  byType(type: string): EventDef | undefined;
  /** The guild and definition an event subject names; undefined for unknown or malformed subjects. */
  resolve(subject: string): { guildId: string; def: EventDef } | undefined;
}

/** Builds a registry; throws when two definitions share a type. */
export function createEventRegistry(defs: Iterable<EventDef>): EventRegistry {
  const byType = new Map<string, EventDef>();
  for (const def of defs) {
    if (byType.has(def.type)) throw new Error(`event type ${def.type} declared twice`);
    byType.set(def.type, def);
  }
  const all = Object.freeze([...byType.values()]);
  return {
    all,
    byType: (type) => byType.get(type),
    resolve(subject) {
      const parsed = parseEventSubject(subject);
      const def = parsed && byType.get(parsed.type);
      return parsed && def ? { guildId: parsed.guildId, def } : undefined;
    },
  };
}
