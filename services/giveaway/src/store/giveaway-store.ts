import { type Kysely, sql } from 'kysely';
import type { Giveaway, GiveawayStatus, HistoryEntry } from '../domain/giveaway.js';
import type { GiveawayDatabase } from './database.js';
import { giveawayFromRow, giveawayToRow } from './giveaway-rows.js';

/** Giveaway rows of one database or transaction. */
export function giveawayStore(db: Kysely<GiveawayDatabase>) {
  return {
    /**
     * Scheduled, running and paused giveaways of a guild, counted under a per-guild transaction
     * lock: concurrent creates of one guild queue, so the running limit holds.
     */
    async lockAndCountActive(guildId: string): Promise<number> {
      await sql`select pg_advisory_xact_lock(hashtext(${`giveaway-active:${guildId}`}))`.execute(db);
      const row = await db
        .selectFrom('giveaways')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('guild_id', '=', guildId)
        .where('status', 'in', ['scheduled', 'running', 'paused'])
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async insert(g: Giveaway): Promise<void> {
      await db.insertInto('giveaways').values(giveawayToRow(g)).execute();
    },

    /** Writes every mutable column of a changed giveaway. */
    async update(g: Giveaway): Promise<void> {
      const {
        id: _i,
        guild_id: _g,
        created_at: _c,
        seed: _s,
        seed_commitment: _sc,
        ...changes
      } = giveawayToRow(g);
      await db.updateTable('giveaways').set(changes).where('id', '=', g.id).execute();
    },

    /** The giveaway, row-locked until commit: changes (and the end) of one giveaway queue. */
    async findForUpdate(guildId: string, id: string): Promise<Giveaway | undefined> {
      const row = await db
        .selectFrom('giveaways')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      return row && giveawayFromRow(row);
    },

    async find(guildId: string, id: string): Promise<Giveaway | undefined> {
      const row = await db
        .selectFrom('giveaways')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && giveawayFromRow(row);
    },

    /** The earliest due start or end, for the scheduler's next wake-up. */
    async nextDue(): Promise<Date | undefined> {
      const row = await db
        .selectFrom('giveaways')
        .select('next_due_at')
        .where('next_due_at', 'is not', null)
        .orderBy('next_due_at')
        .limit(1)
        .executeTakeFirst();
      return row?.next_due_at ?? undefined;
    },

    async insertHistory(g: Giveaway, line: HistoryEntry): Promise<void> {
      await db
        .insertInto('giveaway_history')
        .values({
          giveaway_id: g.id,
          guild_id: g.guildId,
          action: line.action,
          actor_kind: line.actorKind,
          actor_id: line.actorId,
          from_status: line.fromStatus,
          to_status: line.toStatus,
          version: line.version,
          changes: JSON.stringify(line.changes),
          at: line.at,
        })
        .execute();
    },

    async history(id: string): Promise<HistoryEntry[]> {
      const rows = await db
        .selectFrom('giveaway_history')
        .selectAll()
        .where('giveaway_id', '=', id)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        action: r.action,
        actorKind: r.actor_kind as HistoryEntry['actorKind'],
        actorId: r.actor_id,
        fromStatus: r.from_status as GiveawayStatus | null,
        toStatus: r.to_status as GiveawayStatus,
        version: r.version,
        changes: r.changes,
        at: r.at,
      }));
    },

    /**
     * Stores a coalesced entrant count unless one was stored less than `minGapMs` ago (another
     * replica flushed): answers whether this one counts, and the giveaway's version.
     */
    async storeCount(
      id: string,
      now: Date,
      minGapMs: number,
    ): Promise<{ guildId: string; count: number; version: number; countedAt: Date } | undefined> {
      const threshold = new Date(now.getTime() - minGapMs);
      const row = await db
        .updateTable('giveaways')
        .set({
          entrant_count: sql<number>`(select count(*) from entries where giveaway_id = ${id})::int`,
          counted_at: now,
        })
        .where('id', '=', id)
        .where('status', 'in', ['running', 'paused', 'scheduled'])
        .where((eb) => eb.or([eb('counted_at', 'is', null), eb('counted_at', '<=', threshold)]))
        .returning(['guild_id', 'entrant_count', 'version', 'counted_at'])
        .executeTakeFirst();
      return row
        ? {
            guildId: row.guild_id,
            count: row.entrant_count,
            version: row.version,
            countedAt: row.counted_at!,
          }
        : undefined;
    },

    /** When the count of a giveaway was last stored (undefined when it no longer counts). */
    async countedAt(id: string): Promise<Date | null | undefined> {
      const row = await db
        .selectFrom('giveaways')
        .select(['counted_at', 'status'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!row || row.status === 'ended' || row.status === 'cancelled') return undefined;
      return row.counted_at;
    },
  };
}

/** The giveaway store's interface. */
export type GiveawayStore = ReturnType<typeof giveawayStore>;
