import {
  defaultTicketCategoryId,
  type ResolvedTicketCategory,
  resolveTicketCategory,
  type Ticket,
  type TicketsSettings,
} from '@guildwire/contracts';

/**
 * The category a ticket's Discord side follows. A category deleted from the settings while the
 * ticket is in it falls back to the default category's place and staff, named as deleted (the
 * ticket keeps its category id; staff move it out with /ticket move or the dashboard).
 */
export function categoryOfTicket(
  settings: TicketsSettings,
  ticket: Pick<Ticket, 'categoryId'>,
): ResolvedTicketCategory {
  const own = resolveTicketCategory(settings, ticket.categoryId);
  if (own) return own;
  const fallback = resolveTicketCategory(settings, defaultTicketCategoryId)!;
  return { ...fallback, id: ticket.categoryId, name: `${ticket.categoryId} (deleted category)` };
}
