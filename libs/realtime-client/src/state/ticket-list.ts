import type { TicketJson } from '@guildwire/contracts';
import type { EventLike } from '../typed-event.js';
import { isNewer, ticketOfEvent } from './event-ticket.js';

/** Options of `applyTicketEvent`. */
export interface TicketListOptions {
  /**
   * Whether a ticket belongs on this page (its filters: status, assignee...). Given, a changed
   * ticket that no longer matches leaves the list and one that now matches joins it at the top;
   * without it, only `ticket.opened` adds a ticket and none leaves.
   */
  readonly admit?: (ticket: TicketJson) => boolean;
}

/**
 * Applies a live event to a list of tickets fetched over HTTP (same JSON shape): the ticket it
 * carries replaces the listed one when its version is newer, so a replayed or stale event changes
 * nothing. Returns `list` itself when nothing changed (cheap equality checks for UI frameworks).
 */
export function applyTicketEvent(
  list: readonly TicketJson[],
  event: EventLike,
  options: TicketListOptions = {},
): readonly TicketJson[] {
  const ticket = ticketOfEvent(event);
  if (ticket === undefined) return list;
  const index = list.findIndex((t) => t.id === ticket.id);
  const admitted = options.admit ? options.admit(ticket) : undefined;
  if (index === -1) {
    const joins = admitted ?? event.type === 'ticket.opened';
    return joins ? [ticket, ...list] : list;
  }
  if (!isNewer(ticket, list[index]!)) return list;
  if (admitted === false) return list.filter((_, i) => i !== index);
  return list.map((t, i) => (i === index ? ticket : t));
}
