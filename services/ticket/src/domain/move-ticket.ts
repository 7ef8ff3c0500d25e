import type { ResolvedTicketCategory } from '@guildwire/contracts';
import { ticketErrors } from '../errors.js';
import { advance, type ChangeContext, type TicketChange } from './change.js';
import { requireStaff } from './permissions.js';
import type { Ticket } from './ticket.js';

/**
 * Staff moves a ticket to another category: its staff, place in Discord and open limit follow the
 * new one (the bot re-applies the first two from the `moved` event; the slot trigger moves the
 * limit's count). A move is never refused for the limit — staff decided it — but when the opener
 * already had `activeInTarget` ≥ the limit there, the change says so. Moving into the category the
 * ticket is in changes nothing. The category it leaves may have been deleted from the settings.
 */
export function moveTicket(
  ticket: Ticket,
  ctx: ChangeContext,
  target: ResolvedTicketCategory,
  activeInTarget: number,
): TicketChange {
  requireStaff(ctx.caller, 'move tickets');
  if (ticket.status === 'closed') throw new ticketErrors.TICKET_ERR_CLOSED(ticket.id);
  if (ticket.categoryId === target.id) return null;
  const overLimit =
    activeInTarget >= target.openLimitPerUser
      ? { categoryId: target.id, active: activeInTarget + 1, limit: target.openLimitPerUser }
      : null;
  return {
    ticket: advance(ticket, ctx, { categoryId: target.id }),
    event: { type: 'moved', previousCategoryId: ticket.categoryId, overLimit },
  };
}
