import { resolveTicketCategory } from '@guildwire/contracts';
import { ticketErrors } from '../errors.js';
import { advance, type ChangeContext, type TicketChange } from './change.js';
import { limits } from './limits.js';
import { requireStaff } from './permissions.js';
import type { Ticket } from './ticket.js';

/**
 * What the bot knows of a user in the guild (cmd.discord.member_roles); undefined when the bot
 * cannot tell (down, slow, not in the guild). Like the config service's id checks, "cannot tell"
 * accepts: staff are never locked out of a ticket by the bot being down, and the bot reports a
 * user it cannot add when it applies the event.
 */
export interface MemberStanding {
  readonly isMember: boolean;
  readonly roleIds: readonly string[];
  readonly guildAdmin: boolean;
}

function requireNotClosed(ticket: Ticket): void {
  if (ticket.status === 'closed') throw new ticketErrors.TICKET_ERR_CLOSED(ticket.id);
}

function requireNotOpener(ticket: Ticket, userId: string): void {
  if (userId === ticket.openerId) throw new ticketErrors.TICKET_ERR_MEMBER_IS_OPENER(userId);
}

function requireInGuild(userId: string, standing: MemberStanding | undefined): void {
  if (standing?.isMember === false) throw new ticketErrors.TICKET_ERR_MEMBER_NOT_IN_GUILD(userId);
}

/**
 * Staff lets someone besides the opener into the ticket. Adding a member again changes nothing (a
 * retried `/ticket add` or a double click succeeds without a second event).
 */
export function addTicketMember(
  ticket: Ticket,
  ctx: ChangeContext,
  memberId: string,
  standing: MemberStanding | undefined,
): TicketChange {
  requireStaff(ctx.caller, 'add members to tickets');
  requireNotClosed(ticket);
  requireNotOpener(ticket, memberId);
  if (ticket.memberIds.includes(memberId)) return null;
  requireInGuild(memberId, standing);
  if (ticket.memberIds.length >= limits.members)
    throw new ticketErrors.TICKET_ERR_TOO_MANY_MEMBERS(ticket.id, ticket.memberIds.length).withDetails({
      limit: limits.members,
    });
  return {
    ticket: advance(ticket, ctx, { memberIds: [...ticket.memberIds, memberId] }),
    event: { type: 'member_added', memberId },
  };
}

/** Staff takes a member out of the ticket; removing someone who is not a member changes nothing. */
export function removeTicketMember(ticket: Ticket, ctx: ChangeContext, memberId: string): TicketChange {
  requireStaff(ctx.caller, 'remove members from tickets');
  requireNotClosed(ticket);
  requireNotOpener(ticket, memberId);
  if (!ticket.memberIds.includes(memberId)) return null;
  return {
    ticket: advance(ticket, ctx, { memberIds: ticket.memberIds.filter((id) => id !== memberId) }),
    event: { type: 'member_removed', memberId },
  };
}

/**
 * Whether someone is staff of this ticket: an admin, or holding a support role of the module or of
 * the ticket's category (the roles that see it in Discord). A category deleted from the settings
 * leaves the module's roles.
 */
export function isStaffOfTicket(ticket: Ticket, ctx: ChangeContext, standing: MemberStanding): boolean {
  if (standing.guildAdmin) return true;
  const category = resolveTicketCategory(ctx.settings, ticket.categoryId);
  const roles = category?.supportRoleIds ?? ctx.settings.supportRoleIds;
  return standing.roleIds.some((id) => roles.includes(id));
}

/**
 * The assignee (or an admin) hands a claimed ticket to another staff member. Transferring to the
 * current assignee changes nothing. Whether the target is staff is the bot's view of their roles;
 * when the bot cannot tell, the transfer is accepted (as above).
 */
export function transferTicket(
  ticket: Ticket,
  ctx: ChangeContext,
  toUserId: string,
  standing: MemberStanding | undefined,
): TicketChange {
  requireStaff(ctx.caller, 'transfer tickets');
  requireNotClosed(ticket);
  if (ticket.status !== 'claimed' || ticket.assigneeId === null)
    throw new ticketErrors.TICKET_ERR_NOT_CLAIMED(ticket.id);
  if (ticket.assigneeId !== ctx.caller.userId && !ctx.caller.admin)
    throw new ticketErrors.TICKET_ERR_FORBIDDEN(
      'only the assignee or an admin may transfer this ticket',
    ).withDetails({ assigneeId: ticket.assigneeId });
  if (ticket.assigneeId === toUserId) return null;
  requireInGuild(toUserId, standing);
  if (standing && !isStaffOfTicket(ticket, ctx, standing))
    throw new ticketErrors.TICKET_ERR_TARGET_NOT_STAFF(toUserId);
  return {
    ticket: advance(ticket, ctx, { assigneeId: toUserId }),
    event: { type: 'transferred', previousAssigneeId: ticket.assigneeId },
  };
}
