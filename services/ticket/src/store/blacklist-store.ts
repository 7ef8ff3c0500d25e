import { type Kysely, type Selectable, sql } from 'kysely';
import type { BlacklistEntry, BlacklistKind } from '../domain/blacklist.js';
import type { BlacklistTable } from './blacklist-table.js';
import type { TicketDatabase } from './database.js';

function entryFromRow(row: Selectable<BlacklistTable>): BlacklistEntry {
  return {
    guildId: row.guild_id,
    kind: row.kind,
    targetId: row.target_id,
    reason: row.reason,
    addedBy: row.added_by,
    addedAt: row.added_at,
    version: row.version,
  };
}

/** The guild's ticket blacklist, of one database or transaction. */
export function blacklistStore(db: Kysely<TicketDatabase>) {
  return {
    async list(guildId: string): Promise<BlacklistEntry[]> {
      const rows = await db
        .selectFrom('ticket_blacklist')
        .selectAll()
        .where('guild_id', '=', guildId)
        .orderBy('added_at', 'desc')
        .orderBy('kind')
        .orderBy('target_id')
        .execute();
      return rows.map(entryFromRow);
    },

    async find(guildId: string, kind: BlacklistKind, targetId: string): Promise<BlacklistEntry | undefined> {
      const row = await db
        .selectFrom('ticket_blacklist')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where('kind', '=', kind)
        .where('target_id', '=', targetId)
        .executeTakeFirst();
      return row && entryFromRow(row);
    },

    /**
     * The entry that refuses this user: their own first, else one of their roles (the oldest
     * entry, so the reason shown does not change from one try to the next).
     */
    async refusing(
      guildId: string,
      userId: string,
      roleIds: readonly string[],
    ): Promise<BlacklistEntry | undefined> {
      const row = await db
        .selectFrom('ticket_blacklist')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where((eb) =>
          eb.or([
            eb.and([eb('kind', '=', 'user'), eb('target_id', '=', userId)]),
            ...(roleIds.length > 0
              ? [eb.and([eb('kind', '=', 'role'), eb('target_id', 'in', [...roleIds])])]
              : []),
          ]),
        )
        // 'user' sorts after 'role': descending puts the user's own entry first.
        .orderBy('kind', 'desc')
        .orderBy('added_at')
        .limit(1)
        .executeTakeFirst();
      return row && entryFromRow(row);
    },

    /**
     * Adds the entry, or replaces the reason (and who set it, when) of the existing one, in one
     * statement: two concurrent adds of the same target queue on the row, so exactly one of them
     * creates it. Answers the row as written and whether it was inserted (`xmax = 0`: no earlier
     * row version); nothing when the entry already had this reason (no write, no event).
     */
    async add(
      entry: Omit<BlacklistEntry, 'version'>,
    ): Promise<{ entry: BlacklistEntry; created: boolean } | undefined> {
      const row = await db
        .insertInto('ticket_blacklist')
        .values({
          guild_id: entry.guildId,
          kind: entry.kind,
          target_id: entry.targetId,
          reason: entry.reason,
          added_by: entry.addedBy,
          added_at: entry.addedAt,
          version: 1,
        })
        .onConflict((oc) =>
          oc
            .columns(['guild_id', 'kind', 'target_id'])
            .doUpdateSet((eb) => ({
              reason: eb.ref('excluded.reason'),
              added_by: eb.ref('excluded.added_by'),
              added_at: eb.ref('excluded.added_at'),
              version: sql<number>`ticket_blacklist.version + 1`,
            }))
            .where('ticket_blacklist.reason', '<>', (eb) => eb.ref('excluded.reason')),
        )
        .returningAll()
        .returning(sql<boolean>`xmax = 0`.as('created'))
        .executeTakeFirst();
      if (!row) return undefined;
      const { created, ...stored } = row;
      return { entry: entryFromRow(stored), created };
    },

    /** Deletes the entry; answers it as it was, or nothing when there was none. */
    async remove(
      guildId: string,
      kind: BlacklistKind,
      targetId: string,
    ): Promise<BlacklistEntry | undefined> {
      const row = await db
        .deleteFrom('ticket_blacklist')
        .where('guild_id', '=', guildId)
        .where('kind', '=', kind)
        .where('target_id', '=', targetId)
        .returningAll()
        .executeTakeFirst();
      return row && entryFromRow(row);
    },
  };
}
