import type { Kysely, Selectable } from 'kysely';
import type { DrawEntry } from '../domain/draw.js';
import type { Entry } from '../domain/giveaway.js';
import type { EntryTable, GiveawayDatabase } from './database.js';

const entryFromRow = (row: Selectable<EntryTable>): Entry => ({
  giveawayId: row.giveaway_id,
  userId: String(row.user_id),
  weight: row.weight,
  enteredAt: row.entered_at,
});

/** Entries and winners of one database or transaction. */
export function entryStore(db: Kysely<GiveawayDatabase>) {
  return {
    /** The leave delete as one statement: only while the giveaway runs or is paused. */
    leaveStatement(giveawayId: string, userId: string) {
      return db
        .deleteFrom('entries')
        .where('giveaway_id', '=', giveawayId)
        .where('user_id', '=', userId)
        .where((eb) =>
          eb.exists(
            eb
              .selectFrom('giveaways')
              .select('id')
              .where('id', '=', giveawayId)
              .where('status', 'in', ['running', 'paused'])
              .forKeyShare(),
          ),
        )
        .returning(['giveaway_id', 'user_id', 'weight', 'entered_at']);
    },

    async find(giveawayId: string, userId: string): Promise<Entry | undefined> {
      const row = await db
        .selectFrom('entries')
        .selectAll()
        .where('giveaway_id', '=', giveawayId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return row && entryFromRow(row);
    },

    async count(giveawayId: string): Promise<number> {
      const row = await db
        .selectFrom('entries')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('giveaway_id', '=', giveawayId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Every entry in draw order (user id ascending; numeric, since ids are bigint). */
    async forDraw(giveawayId: string): Promise<DrawEntry[]> {
      const rows = await db
        .selectFrom('entries')
        .select(['user_id', 'weight'])
        .where('giveaway_id', '=', giveawayId)
        .orderBy('user_id')
        .execute();
      return rows.map((r) => ({ userId: String(r.user_id), weight: r.weight }));
    },

    /** One page of entries by user id, after `afterUserId`. */
    async page(giveawayId: string, limit: number, afterUserId?: string): Promise<Entry[]> {
      let q = db.selectFrom('entries').selectAll().where('giveaway_id', '=', giveawayId);
      if (afterUserId !== undefined) q = q.where('user_id', '>', afterUserId);
      const rows = await q.orderBy('user_id').limit(limit).execute();
      return rows.map(entryFromRow);
    },

    /** Records a round's winners; the primary key refuses anyone who already won this giveaway. */
    async insertWinners(
      giveawayId: string,
      round: number,
      firstRank: number,
      userIds: readonly string[],
      drawnAt: Date,
    ): Promise<void> {
      if (userIds.length === 0) return;
      await db
        .insertInto('winners')
        .values(
          userIds.map((userId, i) => ({
            giveaway_id: giveawayId,
            user_id: userId,
            round,
            rank: firstRank + i,
            drawn_at: drawnAt,
          })),
        )
        .execute();
    },
  };
}

/** The entry store's interface. */
export type EntryStore = ReturnType<typeof entryStore>;
