import type { OutboxTable } from '@guildwire/bus';
import type { IdempotencyKeysTable } from '@guildwire/service-kit';
import type { ColumnType, Generated } from 'kysely';
import type { BonusEntries, GiveawayStatus, Requirements } from '../domain/giveaway.js';

/** JSON columns are written as text and read back parsed. */
type Json<T> = ColumnType<T, string, string>;

/** A draw round as kept in `giveaways.rounds` (ISO dates). */
export interface StoredRound {
  round: number;
  userIds: string[];
  drawnAt: string;
  short: boolean;
}

/** A row of `giveaways`. */
export interface GiveawayTable {
  id: string;
  guild_id: string;
  prize: string;
  description: string;
  host_id: string;
  channel_id: string | null;
  message_id: string | null;
  winner_count: number;
  status: GiveawayStatus;
  starts_at: Date;
  ends_at: Date;
  paused_at: Date | null;
  ended_at: Date | null;
  cancelled_at: Date | null;
  requirements: Json<Requirements>;
  bonus_entries: Json<BonusEntries[]>;
  seed: string;
  seed_commitment: string;
  beacon: string | null;
  beacon_round: ColumnType<string | null, number | null, number | null>;
  beacon_at: Date | null;
  beacon_randomness: string | null;
  entries_digest: string | null;
  rounds: Json<StoredRound[]>;
  entrant_count: ColumnType<number, number | undefined, number>;
  counted_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
  next_due_at: ColumnType<Date | null, never, never>;
}

/** A row of `entries`. */
export interface EntryTable {
  giveaway_id: string;
  user_id: ColumnType<string, string, string>;
  weight: number;
  entered_at: Date;
}

/** A row of `winners`. */
export interface WinnerTable {
  giveaway_id: string;
  user_id: string;
  round: number;
  rank: number;
  drawn_at: Date;
}

/** A row of `giveaway_history`. */
export interface HistoryTable {
  id: Generated<string>;
  giveaway_id: string;
  guild_id: string;
  action: string;
  actor_kind: string;
  actor_id: string;
  from_status: string | null;
  to_status: string;
  version: number;
  changes: Json<Record<string, unknown> | null>;
  at: Date;
}

/** The `giveaway` schema. */
export interface GiveawayDatabase {
  giveaways: GiveawayTable;
  entries: EntryTable;
  winners: WinnerTable;
  giveaway_history: HistoryTable;
  idempotency_keys: IdempotencyKeysTable;
  outbox: OutboxTable;
}
