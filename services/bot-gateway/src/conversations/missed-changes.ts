import type { DiscordMessage } from './capture-mapping.js';

/** A message the ticket service keeps: its id and when it was last edited (null: never). */
export interface StoredStamp {
  readonly id: string;
  readonly editedAt: Date | null;
}

/** Edits and deletes a backfill found: messages to report as edited, ids to report as deleted. */
export interface MissedChanges {
  /** Oldest first. */
  readonly edited: DiscordMessage[];
  /** Oldest first. */
  readonly deleted: string[];
}

const byId = (a: { id: string }, b: { id: string }) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1);

/**
 * What changed in Discord while the bot had no session, among recent messages: `stored` are the
 * ticket service's newest kept messages (read *before* `fetched`), `fetched` Discord's newest
 * `limit` messages of the channel now.
 *
 * - Edited: a fetched message whose `edited_timestamp` is newer than the kept one.
 * - Deleted: a kept message Discord no longer has. Only within the fetched window: when Discord
 *   answered `limit` messages, a kept message older than the oldest of them may simply be older
 *   than the window, and is left alone; when it answered fewer, it answered the whole channel.
 *   Reading `stored` first makes this safe against messages posted meanwhile: a kept message
 *   existed before the fetch, so inside the window it is either fetched or deleted.
 */
export function missedChanges(
  stored: readonly StoredStamp[],
  fetched: readonly DiscordMessage[],
  limit: number,
): MissedChanges {
  if (limit <= 0) return { edited: [], deleted: [] };
  const kept = new Map(stored.map((s) => [s.id, s]));
  const edited = fetched
    .filter((m) => {
      const stamp = kept.get(m.id);
      if (!stamp || !m.edited_timestamp) return false;
      const at = Date.parse(m.edited_timestamp);
      return stamp.editedAt === null || at > stamp.editedAt.getTime();
    })
    .sort(byId);
  const present = new Set(fetched.map((m) => m.id));
  const windowStart =
    fetched.length >= limit && fetched.length > 0
      ? fetched.reduce((min, m) => (BigInt(m.id) < min ? BigInt(m.id) : min), BigInt(fetched[0]!.id))
      : 0n;
  const deleted = stored
    .filter((s) => !present.has(s.id) && BigInt(s.id) >= windowStart)
    .sort(byId)
    .map((s) => s.id);
  return { edited, deleted };
}
