import { ticketErrors } from '../errors.js';
import { autoCloseAt, type ChangeContext } from './change.js';
import type { Ticket, TicketAnswer, TicketPriority } from './ticket.js';

/** What a user asks for when opening a ticket. */
export interface OpenTicketInput {
  /** Opened on behalf of this user (staff only); default the caller. */
  readonly openerId?: string;
  /** Required unless the category has questions (then: the first answer, else the category's name). */
  readonly subject?: string;
  readonly description?: string;
  readonly category?: string;
  /** The ticket category; default: the panel's first, else 'default'. */
  readonly categoryId?: string;
  /** Answers to the category's questions, by label. */
  readonly answers?: readonly TicketAnswer[];
  readonly panelId?: string | null;
  readonly priority?: TicketPriority;
  readonly tags?: readonly string[];
}

/** The opener of a request: the caller, unless staff opens for someone else. */
export function openerOf(input: OpenTicketInput, ctx: ChangeContext): string {
  const openerId = input.openerId ?? ctx.caller.userId;
  if (openerId !== ctx.caller.userId && !ctx.caller.staff) {
    throw new ticketErrors.TICKET_ERR_FORBIDDEN('only staff may open tickets for someone else');
  }
  return openerId;
}

/** The refusal of an open past the per-user limit (the count said "full" when the slot was taken). */
export function openLimitError(openerId: string, active: number, limit: number, categoryId: string) {
  const shown = Math.max(active, limit);
  return new ticketErrors.TICKET_ERR_OPEN_LIMIT(openerId, shown, limit).withDetails({
    limit,
    active: shown,
    categoryId,
  });
}

/** A new ticket, version 1, with its inactivity timer armed. */
export function newTicket(
  input: OpenTicketInput,
  ctx: ChangeContext,
  identity: {
    readonly id: string;
    readonly number: number;
    readonly openerId: string;
    readonly category: string;
    readonly categoryId: string;
    readonly subject: string;
    readonly answers: readonly TicketAnswer[];
  },
): Ticket {
  return {
    id: identity.id,
    guildId: ctx.caller.guildId,
    number: identity.number,
    panelId: input.panelId ?? null,
    category: identity.category,
    categoryId: identity.categoryId,
    answers: identity.answers,
    subject: identity.subject,
    description: input.description ?? '',
    status: 'open',
    priority: input.priority ?? 'normal',
    openerId: identity.openerId,
    assigneeId: null,
    channelId: null,
    tags: [...(input.tags ?? [])],
    memberIds: [],
    createdAt: ctx.now,
    updatedAt: ctx.now,
    closedAt: null,
    closeReason: null,
    closedBy: null,
    firstResponseAt: null,
    lastActivityAt: ctx.now,
    autoCloseAt: autoCloseAt('open', ctx.now, ctx.settings),
    closeRequest: null,
    transcript: null,
    feedback: null,
    version: 1,
  };
}
