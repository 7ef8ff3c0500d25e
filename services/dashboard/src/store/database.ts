import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';
import type { DiscordGuildEntry } from '../discord/discord-api.js';

type Timestamp = ColumnType<Date, Date, Date>;

/** A login session (see migrations/0001-sessions.ts). */
export interface SessionsTable {
  id: Generated<string>;
  user_id: string;
  username: string;
  global_name: string | null;
  avatar: string | null;
  /** Sealed JSON of the person's Discord tokens (`DiscordTokens`). */
  discord_tokens: Buffer;
  guilds: ColumnType<DiscordGuildEntry[], string, string>;
  guilds_fetched_at: Timestamp;
  grants: ColumnType<Record<string, string>, string | undefined, string>;
  created_at: Timestamp;
  last_used_at: Timestamp;
  expires_at: Timestamp;
  revoked_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
  revoke_reason: string | null;
}

/** A refresh token by its SHA-256 hash; `used_at` once rotated. */
export interface RefreshTokensTable {
  token_hash: Buffer;
  session_id: string;
  created_at: Timestamp;
  used_at: ColumnType<Date | null, Date | null | undefined, Date | null>;
}

/** The `dashboard` schema. */
export interface DashboardDatabase {
  sessions: SessionsTable;
  refresh_tokens: RefreshTokensTable;
}

export type SessionRow = Selectable<SessionsTable>;
export type NewSession = Insertable<SessionsTable>;
