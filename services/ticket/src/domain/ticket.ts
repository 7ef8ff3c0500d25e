import type { TranscriptSeal } from './conversation.js';

/** Lifecycle of a ticket: open → claimed → closed; a closed ticket may be reopened (back to open). */
export type TicketStatus = 'open' | 'claimed' | 'closed';

/** How urgent a ticket is, weakest first. */
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';

/** Every priority in ascending order; the index + 1 is its stored rank. */
export const ticketPriorities: readonly TicketPriority[] = ['low', 'normal', 'high', 'urgent'];

/** Every status. */
export const ticketStatuses: readonly TicketStatus[] = ['open', 'claimed', 'closed'];

/** Why a ticket was closed. */
export type CloseCause = 'manual' | 'close_request_accepted' | 'close_request_expired' | 'inactivity';

/** State of a close request. */
export type CloseRequestStatus = 'pending' | 'accepted' | 'declined' | 'expired' | 'cancelled';

/** Staff asks the opener to agree to close; the ticket closes on acceptance or at the deadline. */
export interface CloseRequest {
  readonly id: string;
  readonly requesterId: string;
  readonly reason: string;
  readonly deadline: Date;
  readonly status: CloseRequestStatus;
  readonly createdAt: Date;
  readonly resolvedAt: Date | null;
  readonly resolvedBy: string | null;
}

/** One answer of a category's form: the question's label as asked, and the answer ('' = left blank). */
export interface TicketAnswer {
  readonly label: string;
  readonly value: string;
}

/** One support ticket as the service keeps it. */
export interface Ticket {
  readonly id: string;
  readonly guildId: string;
  readonly number: number;
  readonly panelId: string | null;
  /** Free-text label (from before categories). */
  readonly category: string;
  /** The ticket category (tickets settings); 'default' for the module's top-level one. */
  readonly categoryId: string;
  /** Answers to the category's questions, in the form's order. */
  readonly answers: readonly TicketAnswer[];
  readonly subject: string;
  readonly description: string;
  readonly status: TicketStatus;
  readonly priority: TicketPriority;
  readonly openerId: string;
  readonly assigneeId: string | null;
  readonly channelId: string | null;
  readonly tags: readonly string[];
  /** People besides the opener let into the ticket's Discord thread or channel, in order added. */
  readonly memberIds: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly closedAt: Date | null;
  readonly closeReason: string | null;
  readonly closedBy: string | null;
  readonly firstResponseAt: Date | null;
  readonly lastActivityAt: Date;
  readonly autoCloseAt: Date | null;
  /** The pending close request, if any. */
  readonly closeRequest: CloseRequest | null;
  /** The transcript sealed at the last close; null before the first. */
  readonly transcript: TranscriptSeal | null;
  /** The opener's rating, given once after the ticket closed; null until then. */
  readonly feedback: TicketFeedback | null;
  readonly version: number;
}

/** The opener's rating of a closed ticket. */
export interface TicketFeedback {
  /** 1 (bad) to 5 (excellent). */
  readonly rating: number;
  readonly comment: string | null;
  readonly submittedAt: Date;
  /** The staff member the ticket was assigned to when it closed (the one rated); null when nobody was. */
  readonly staffId: string | null;
}

/** A comment on a ticket. */
export interface Comment {
  readonly id: string;
  readonly ticketId: string;
  readonly authorId: string;
  readonly body: string;
  readonly createdAt: Date;
}

/** Metadata of a file attached to a ticket; the bytes live where `url` points. */
export interface Attachment {
  readonly id: string;
  readonly ticketId: string;
  readonly name: string;
  readonly url: string;
  readonly contentType: string;
  readonly size: number;
  readonly uploaderId: string;
  readonly createdAt: Date;
}

/** One line of a ticket's audit trail. */
export interface HistoryEntry {
  readonly action: string;
  readonly actorKind: ActorKind;
  readonly actorId: string;
  readonly fromStatus: TicketStatus | null;
  readonly toStatus: TicketStatus;
  readonly version: number;
  readonly at: Date;
}

/** Where a request came from. */
export type ActorKind = 'discord' | 'dashboard' | 'system';

/** Who performs an operation, in which guild, with which standing. */
export interface Caller {
  readonly guildId: string;
  readonly userId: string;
  readonly kind: ActorKind;
  /** Staff (or admin) of the guild: may act on any ticket. */
  readonly staff: boolean;
  /** Admin of the guild: may manage panels. */
  readonly admin: boolean;
  /**
   * The Discord roles the caller holds, when known: the bot passes them (`actor_roles`); dashboard
   * tokens carry only the caller's Guildwire role, so over HTTP they are unknown.
   */
  readonly roleIds?: readonly string[];
  readonly correlationId?: string;
}
