import type { OutboxTable } from '@guildwire/bus';
import type { IdempotencyKeysTable } from '@guildwire/service-kit';
import type { ColumnType, Generated } from 'kysely';
import type { BlacklistTable } from './blacklist-table.js';

/** A row of `tickets`. */
export interface TicketTable {
  id: string;
  guild_id: string;
  number: number;
  panel_id: string | null;
  category: string;
  category_id: string;
  answers: ColumnType<StoredAnswer[], string, string>;
  /** The answers' values in one string, for the list's text search. */
  answers_text: string;
  subject: string;
  description: string;
  status: 'open' | 'claimed' | 'closed';
  priority: number;
  opener_id: string;
  assignee_id: string | null;
  channel_id: string | null;
  tags: string[];
  /** People besides the opener let into the ticket (migration 0010). */
  member_ids: string[];
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  close_reason: string | null;
  closed_by: string | null;
  first_response_at: Date | null;
  last_activity_at: Date;
  auto_close_at: Date | null;
  close_request: ColumnType<StoredCloseRequest | null, string | null, string | null>;
  close_request_due_at: Date | null;
  transcript: ColumnType<StoredSeal | null, string | null, string | null>;
  feedback_rating: number | null;
  feedback_comment: string | null;
  feedback_at: Date | null;
  feedback_staff_id: string | null;
  next_timer_at: ColumnType<Date | null, never, never>;
  version: number;
}

/** One answer as kept in `tickets.answers` (JSON). */
export interface StoredAnswer {
  label: string;
  value: string;
}

/** The pending close request as kept in `tickets.close_request` (JSON, ISO dates). */
export interface StoredCloseRequest {
  id: string;
  requesterId: string;
  reason: string;
  deadline: string;
  status: string;
  createdAt: string;
}

/** The last transcript seal as kept in `tickets.transcript` (JSON, ISO date). */
export interface StoredSeal {
  digest: string;
  sealedAt: string;
  messageCount: number;
}

/** A row of `ticket_messages`: message_id is the Discord snowflake (bigint, read as a string). */
export interface MessageTable {
  ticket_id: string;
  message_id: ColumnType<string, string, string>;
  guild_id: string;
  channel_id: string;
  author: ColumnType<unknown, string, string>;
  content: string;
  embeds: ColumnType<unknown, string, string>;
  attachments: ColumnType<unknown, string, string>;
  mentions: ColumnType<unknown, string, string>;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  reply_id: string | null;
  version: number;
}

/** A row of `ticket_replies`. */
export interface ReplyTable {
  id: string;
  ticket_id: string;
  guild_id: string;
  author_id: string;
  content: string;
  status: 'pending' | 'posted' | 'failed';
  message_id: string | null;
  error: string | null;
  created_at: Date;
  version: number;
  /** The tag whose content the reply posts (migration 0012). */
  tag_name: string | null;
}

/** A row of `ticket_tags`: a guild's canned reply (migration 0012). */
export interface TagTable {
  id: string;
  guild_id: string;
  name: string;
  content: string;
  keywords: string[];
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** A row of `ticket_tag_auto_replies`: the tag was auto-posted in the ticket (once per pair). */
export interface TagAutoReplyTable {
  ticket_id: string;
  tag_id: string;
  reply_id: string;
  at: Date;
}

/** A row of `ticket_transcripts`: one per seal (close) of a ticket. */
export interface TranscriptTable {
  ticket_id: string;
  seal: number;
  sealed_at: Date;
  digest: string;
  message_count: number;
  body: string;
}

/** A row of `ticket_comments`. */
export interface CommentTable {
  id: string;
  ticket_id: string;
  guild_id: string;
  author_id: string;
  body: string;
  created_at: Date;
}

/** A row of `ticket_attachments`. */
export interface AttachmentTable {
  id: string;
  ticket_id: string;
  guild_id: string;
  name: string;
  url: string;
  content_type: string;
  size: ColumnType<string, number, number>;
  uploader_id: string;
  created_at: Date;
}

/** A row of `ticket_history`. */
export interface HistoryTable {
  id: Generated<string>;
  ticket_id: string;
  guild_id: string;
  action: string;
  actor_kind: string;
  actor_id: string;
  from_status: string | null;
  to_status: string;
  version: number;
  at: Date;
}

/** A row of `close_requests`. */
export interface CloseRequestTable {
  id: string;
  ticket_id: string;
  guild_id: string;
  requester_id: string;
  reason: string;
  deadline: Date;
  status: string;
  created_at: Date;
  resolved_at: Date | null;
  resolved_by: string | null;
}

/** A row of `guild_counters`. */
export interface GuildCounterTable {
  guild_id: string;
  last_number: number;
}

/** A row of `panels`. */
export interface PanelTable {
  id: string;
  guild_id: string;
  title: string;
  description: string;
  button_label: string;
  colour: number;
  category: string;
  category_ids: string[];
  channel_id: string | null;
  message_id: string | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

/** A row of `opener_slots`: active tickets of one opener in one guild. */
export interface OpenerSlotTable {
  guild_id: string;
  opener_id: string;
  category_id: string;
  active: number;
}

/** The `ticket` schema. */
export interface TicketDatabase {
  tickets: TicketTable;
  ticket_comments: CommentTable;
  ticket_attachments: AttachmentTable;
  ticket_history: HistoryTable;
  close_requests: CloseRequestTable;
  idempotency_keys: IdempotencyKeysTable;
  guild_counters: GuildCounterTable;
  panels: PanelTable;
  opener_slots: OpenerSlotTable;
  ticket_messages: MessageTable;
  ticket_replies: ReplyTable;
  ticket_transcripts: TranscriptTable;
  ticket_tags: TagTable;
  ticket_tag_auto_replies: TagAutoReplyTable;
  ticket_blacklist: BlacklistTable;
  outbox: OutboxTable;
}
