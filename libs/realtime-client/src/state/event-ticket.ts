import type { TicketJson } from '@guildwire/contracts';
import { type EventLike, eventData } from '../typed-event.js';

/** The ticket snapshot a ticket event carries; undefined for other events (panels, unknown types). */
export function ticketOfEvent(event: EventLike): TicketJson | undefined {
  const known = eventData(event);
  if (known === undefined || !('ticket' in known.data)) return undefined;
  return known.data.ticket ?? undefined;
}

/** True when `incoming` is a later state of the ticket than `current` (versions rise by one per change). */
export function isNewer(incoming: { version: number }, current: { version: number }): boolean {
  return incoming.version > current.version;
}
