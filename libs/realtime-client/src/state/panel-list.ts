import type { TicketPanelJson } from '@guildwire/contracts';
import { type EventLike, eventData } from '../typed-event.js';
import { isNewer } from './event-ticket.js';

/**
 * Applies a live panel event to the panels fetched over HTTP (same JSON shape): created adds the
 * panel, updated and send-requested replace it when newer (panel version), deleted removes it.
 * Other events, and stale or replayed ones, return `panels` itself.
 */
export function applyPanelEvent(
  panels: readonly TicketPanelJson[],
  event: EventLike,
): readonly TicketPanelJson[] {
  const known = eventData(event);
  if (known === undefined || !('panel' in known.data) || !known.data.panel) return panels;
  const panel = known.data.panel;
  const index = panels.findIndex((p) => p.id === panel.id);
  if (known.type === 'ticket.panel_deleted')
    return index === -1 ? panels : panels.filter((_, i) => i !== index);
  if (index === -1) return known.type === 'ticket.panel_created' ? [...panels, panel] : panels;
  if (!isNewer(panel, panels[index]!)) return panels;
  return panels.map((p, i) => (i === index ? panel : p));
}
