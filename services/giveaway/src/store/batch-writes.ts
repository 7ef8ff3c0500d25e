import { type Kysely, type Selectable, sql } from 'kysely';
import type { DrawEntry } from '../domain/draw.js';
import type { Giveaway, HistoryEntry } from '../domain/giveaway.js';
import type { GiveawayDatabase, GiveawayTable } from './database.js';
import { giveawayFromRow, giveawayToRow } from './giveaway-rows.js';

/**
 * Writes of many giveaways in one statement each: the scheduler ends a burst of giveaways due in
 * the same second, and a round trip per giveaway would make the last of them late.
 */
export function batchWrites(db: Kysely<GiveawayDatabase>) {
  return {
    /**
     * Writes what a scheduler batch changed in ONE statement: each giveaway's new state (status,
     * end, draw, count, version), the winners drawn and the history lines.
     */
    async writeScheduled(
      giveaways: readonly Giveaway[],
      winners: readonly { giveawayId: string; userId: string; round: number; rank: number; drawnAt: Date }[],
      lines: readonly { giveaway: Giveaway; line: HistoryEntry }[],
    ): Promise<void> {
      if (giveaways.length === 0) return;
      const states = giveaways.map((g) => {
        const r = giveawayToRow(g);
        return {
          id: r.id,
          status: r.status,
          ended_at: r.ended_at,
          paused_at: r.paused_at,
          entrant_count: r.entrant_count,
          rounds: g.rounds.map((x) => ({ ...x, drawnAt: x.drawnAt.toISOString() })),
          entries_digest: r.entries_digest,
          beacon_randomness: r.beacon_randomness,
          version: r.version,
          updated_at: r.updated_at,
        };
      });
      const history = lines.map(({ giveaway, line }) => ({
        giveaway_id: giveaway.id,
        guild_id: giveaway.guildId,
        action: line.action,
        actor_kind: line.actorKind,
        actor_id: line.actorId,
        from_status: line.fromStatus,
        to_status: line.toStatus,
        version: line.version,
        changes: line.changes,
        at: line.at,
      }));
      const won = winners.map((w) => ({
        giveaway_id: w.giveawayId,
        user_id: w.userId,
        round: w.round,
        rank: w.rank,
        drawn_at: w.drawnAt,
      }));
      await sql`with states as (
          update giveaways g set status = v.status, ended_at = v.ended_at, paused_at = v.paused_at,
            entrant_count = v.entrant_count, rounds = v.rounds, entries_digest = v.entries_digest,
            beacon_randomness = v.beacon_randomness, version = v.version, updated_at = v.updated_at
          from jsonb_to_recordset(${JSON.stringify(states)}::jsonb) as v(id uuid, status text,
            ended_at timestamptz, paused_at timestamptz, entrant_count int, rounds jsonb,
            entries_digest text, beacon_randomness text, version int, updated_at timestamptz)
          where g.id = v.id
          returning g.id
        ), won as (
          insert into winners (giveaway_id, user_id, round, rank, drawn_at)
          select * from jsonb_to_recordset(${JSON.stringify(won)}::jsonb) as w(giveaway_id uuid,
            user_id bigint, round int, rank int, drawn_at timestamptz)
        ), logged as (
          insert into giveaway_history (giveaway_id, guild_id, action, actor_kind, actor_id, from_status,
            to_status, version, changes, at)
          select * from jsonb_to_recordset(${JSON.stringify(history)}::jsonb) as h(giveaway_id uuid,
            guild_id text, action text, actor_kind text, actor_id text, from_status text, to_status text,
            version int, changes jsonb, at timestamptz)
        )
        select count(*) from states`.execute(db);
    },

    /**
     * Up to `limit` giveaways due to start or end, row-locked (rows another replica holds are
     * skipped: each is started or ended by exactly one replica), each running one with its entries
     * in draw order: one round trip for what a scheduler batch reads.
     */
    async lockDueWithEntries(
      now: Date,
      limit: number,
    ): Promise<{ giveaway: Giveaway; entries: DrawEntry[] }[]> {
      const { rows } = await sql<Selectable<GiveawayTable> & { draw_entries: [string, number][] }>`
        with due as (
          select * from giveaways where next_due_at <= ${now} order by next_due_at limit ${limit}
          for update skip locked
        )
        select due.*, case when due.status = 'running' then coalesce((
          select json_agg(json_build_array(e.user_id::text, e.weight) order by e.user_id)
          from entries e where e.giveaway_id = due.id), '[]') else '[]' end as draw_entries
        from due order by due.next_due_at`.execute(db);
      return rows.map(({ draw_entries, ...row }) => ({
        giveaway: giveawayFromRow(row),
        entries: draw_entries.map(([userId, weight]) => ({ userId, weight })),
      }));
    },
  };
}
