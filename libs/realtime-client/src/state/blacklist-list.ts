import type { TicketBlacklistEntryJson } from '@guildwire/contracts';
import { type EventLike, eventData } from '../typed-event.js';

const sameTarget = (a: TicketBlacklistEntryJson, b: TicketBlacklistEntryJson) =>
  a.kind === b.kind && a.targetId === b.targetId;

/**
 * Applies a live blacklist event to the entries fetched over HTTP (same JSON shape, newest first):
 * added puts a new entry first, or replaces an existing one when newer (entry version); removed
 * takes it out. Other events, and stale or replayed ones, return `entries` itself. An entry removed
 * and added again starts over at version 1, so `removed` is applied whatever the versions.
 */
export function applyBlacklistEvent(
  entries: readonly TicketBlacklistEntryJson[],
  event: EventLike,
): readonly TicketBlacklistEntryJson[] {
  const known = eventData(event);
  if (known === undefined || !('entry' in known.data) || !known.data.entry) return entries;
  const entry = known.data.entry as TicketBlacklistEntryJson;
  const index = entries.findIndex((e) => sameTarget(e, entry));
  if (known.type === 'ticket.blacklist_removed')
    return index === -1 ? entries : entries.filter((_, i) => i !== index);
  if (known.type !== 'ticket.blacklist_added') return entries;
  if (index === -1) return [entry, ...entries];
  const current = entries[index]!;
  if (entry.version <= current.version) return entries;
  return [entry, ...entries.filter((_, i) => i !== index)];
}
