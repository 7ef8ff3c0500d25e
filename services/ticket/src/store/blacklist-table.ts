/** `ticket_blacklist` (migration 0011): who may not open tickets in a guild. */
export interface BlacklistTable {
  guild_id: string;
  kind: 'user' | 'role';
  target_id: string;
  reason: string;
  added_by: string;
  added_at: Date;
  version: number;
}
