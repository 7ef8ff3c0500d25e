import type { Outbox } from '@guildwire/bus';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { GuildMembers } from '../discord/guild-members.js';
import type { OverLimit } from '../domain/change.js';
import type { TicketSettingsSource } from '../domain/settings.js';
import type { Attachment, Comment, Ticket } from '../domain/ticket.js';
import type { TicketDatabase } from '../store/database.js';

/** What the ticket use cases run on; tests pass their own clock. */
export interface TicketDeps {
  readonly db: Kysely<TicketDatabase>;
  readonly outbox: Outbox<TicketDatabase>;
  readonly settings: TicketSettingsSource;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** Users' standing in their guild, from the bot (member add, transfer); default: never known. */
  readonly members?: GuildMembers;
}

/** Options every change accepts. */
export interface ChangeOptions {
  /** The version the caller saw (If-Match); a different current version fails with 412. */
  readonly expectedVersion?: number | undefined;
  /** A retried request with the same key gets the first reply and changes nothing. */
  readonly idempotencyKey?: string | undefined;
}

/** What a change answers (HTTP and NATS replies are built from it). */
export interface TicketResult {
  readonly ticket: Ticket;
  readonly comment?: Comment;
  readonly attachment?: Attachment;
  /** A move past the target category's open limit. */
  readonly overLimit?: OverLimit;
  /** True when an idempotency key matched an earlier request (its reply, nothing changed). */
  readonly replayed: boolean;
}
