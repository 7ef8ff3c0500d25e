import { ticketErrors } from '../errors.js';
import type { Caller, Ticket } from './ticket.js';

/** Throws 403 unless the caller is staff of the guild. */
export function requireStaff(caller: Caller, action: string): void {
  if (!caller.staff) throw new ticketErrors.TICKET_ERR_FORBIDDEN(`only staff may ${action}`);
}

/** Throws 403 unless the caller is an admin of the guild. */
export function requireAdmin(caller: Caller, action: string): void {
  if (!caller.admin) throw new ticketErrors.TICKET_ERR_FORBIDDEN(`only admins may ${action}`);
}

/** Throws 403 unless the caller is staff or the ticket's opener. */
export function requireOpenerOrStaff(ticket: Ticket, caller: Caller, action: string): void {
  if (!caller.staff && caller.userId !== ticket.openerId) {
    throw new ticketErrors.TICKET_ERR_FORBIDDEN(`only staff or the opener may ${action}`);
  }
}

/**
 * Staff see every ticket of their guild; members only the tickets they opened. Someone else's
 * ticket is "not found", exactly like an id that does not exist: a 403 would tell a member which
 * ticket ids exist.
 */
export function requireVisible(ticket: Ticket, caller: Caller): void {
  if (!caller.staff && caller.userId !== ticket.openerId) {
    throw new ticketErrors.TICKET_ERR_NOT_FOUND(ticket.id);
  }
}
