import type { TicketSettings } from './settings.js';
import type {
  Attachment,
  Caller,
  CloseCause,
  CloseRequest,
  Comment,
  Ticket,
  TicketFeedback,
  TicketPriority,
} from './ticket.js';

/** What a transition needs besides the ticket: who acts, when, under which settings. */
export interface ChangeContext {
  readonly caller: Caller;
  readonly now: Date;
  readonly settings: TicketSettings;
}

/** A move took the opener past the target category's open limit (staff may; the answer says so). */
export interface OverLimit {
  readonly categoryId: string;
  /** Open tickets of the opener in the category, the moved one included. */
  readonly active: number;
  readonly limit: number;
}

/** The event a change publishes (one per change); extra records ride along for the store. */
export type TicketChangeEvent =
  | { readonly type: 'claimed'; readonly claimerId: string }
  | { readonly type: 'unclaimed'; readonly previousAssigneeId: string }
  | { readonly type: 'assigned'; readonly previousAssigneeId: string | null }
  | { readonly type: 'priority_changed'; readonly previousPriority: TicketPriority }
  | { readonly type: 'updated'; readonly changedFields: readonly string[] }
  | { readonly type: 'moved'; readonly previousCategoryId: string; readonly overLimit: OverLimit | null }
  | { readonly type: 'member_added'; readonly memberId: string }
  | { readonly type: 'member_removed'; readonly memberId: string }
  | { readonly type: 'transferred'; readonly previousAssigneeId: string }
  | { readonly type: 'comment_added'; readonly comment: Comment }
  | { readonly type: 'attachment_added'; readonly attachment: Attachment }
  | { readonly type: 'attachment_removed'; readonly attachmentId: string }
  | { readonly type: 'closed'; readonly cause: CloseCause; readonly closeRequest: CloseRequest | null }
  | { readonly type: 'reopened' }
  | { readonly type: 'close_requested'; readonly closeRequest: CloseRequest }
  | { readonly type: 'close_request_declined'; readonly closeRequest: CloseRequest }
  | { readonly type: 'feedback_submitted'; readonly feedback: TicketFeedback };

/** A transition's outcome: the next state and its event; `null` when nothing changes (no event). */
export type TicketChange = { readonly ticket: Ticket; readonly event: TicketChangeEvent } | null;

/** When the inactivity timer fires for a ticket last active at `at`; null when off or closed. */
export function autoCloseAt(status: Ticket['status'], at: Date, settings: TicketSettings): Date | null {
  if (status === 'closed' || settings.autoCloseAfterMs <= 0) return null;
  return new Date(at.getTime() + settings.autoCloseAfterMs);
}

/**
 * The next version of a ticket: the patch applied, version bumped, activity stamped, the inactivity
 * timer re-armed (or disarmed once closed). `response` marks a staff reaction for statistics.
 */
export function advance(
  ticket: Ticket,
  ctx: ChangeContext,
  patch: Partial<Ticket>,
  response = false,
): Ticket {
  const next = { ...ticket, ...patch };
  const firstResponseAt =
    ticket.firstResponseAt ??
    (response && ctx.caller.staff && ctx.caller.userId !== ticket.openerId ? ctx.now : null);
  return {
    ...next,
    version: ticket.version + 1,
    updatedAt: ctx.now,
    lastActivityAt: ctx.now,
    firstResponseAt,
    autoCloseAt: autoCloseAt(next.status, ctx.now, ctx.settings),
  };
}
