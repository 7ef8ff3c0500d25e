import { type Kysely, sql } from 'kysely';
import type { HistoryEntry, Ticket } from '../domain/ticket.js';
import type { TicketDatabase } from './database.js';
import { ticketFromRow, ticketToRow } from './ticket-rows.js';

/** Ticket rows of one database or transaction. */
export function ticketStore(db: Kysely<TicketDatabase>) {
  return {
    /**
     * Inserts a new ticket and its first history line in one statement, if its opener has a free
     * slot in the ticket's category (fewer than `limit` active tickets there); answers the ticket's
     * number, or undefined when the limit is reached (nothing written).
     *
     * The slot upsert queues concurrent opens of one user on their slot row and re-checks the limit
     * against the committed count. The guild counter row then hands out numbers in commit order, and
     * a rollback gives its number back: no gaps, no duplicates. One round trip: each one costs
     * milliseconds on a loaded host, and opening is the hot path.
     */
    async insertWithinLimit(
      ticket: Ticket,
      limit: number,
      history: HistoryEntry,
    ): Promise<number | undefined> {
      const { number: _n, ...row } = ticketToRow(ticket);
      const columns = Object.keys(row) as (keyof typeof row)[];
      const result = await sql<{ number: number }>`
        with slot as (
          insert into opener_slots (guild_id, opener_id, category_id, active)
          values (${ticket.guildId}, ${ticket.openerId}, ${ticket.categoryId}, 1)
          on conflict (guild_id, opener_id, category_id) do update set active = opener_slots.active + 1 where opener_slots.active < ${limit}
          returning active
        ), num as (
          insert into guild_counters (guild_id, last_number) select ${ticket.guildId}, 1 from slot
          on conflict (guild_id) do update set last_number = guild_counters.last_number + 1
          returning last_number
        ), created as (
          insert into tickets (number, ${sql.join(columns.map((c) => sql.ref(c)))})
          select num.last_number, ${sql.join(columns.map((c) => sql`${row[c]}`))} from num
          returning id, number
        ), logged as (
          insert into ticket_history (ticket_id, guild_id, action, actor_kind, actor_id, from_status, to_status, version, at)
          select created.id, ${ticket.guildId}, ${history.action}, ${history.actorKind}, ${history.actorId}, null,
            ${history.toStatus}, ${history.version}, ${history.at} from created
        )
        select number from created`.execute(db);
      return result.rows[0]?.number;
    },

    /** Open or claimed tickets of one user in one category. */
    async countActiveByOpener(guildId: string, openerId: string, categoryId: string): Promise<number> {
      const row = await db
        .selectFrom('opener_slots')
        .select('active')
        .where('guild_id', '=', guildId)
        .where('opener_id', '=', openerId)
        .where('category_id', '=', categoryId)
        .executeTakeFirst();
      return row?.active ?? 0;
    },

    async insert(ticket: Ticket): Promise<void> {
      await db.insertInto('tickets').values(ticketToRow(ticket)).execute();
    },

    /** Writes every mutable column of a changed ticket. */
    async update(ticket: Ticket): Promise<void> {
      const { id: _id, guild_id: _g, number: _n, created_at: _c, ...changes } = ticketToRow(ticket);
      await db.updateTable('tickets').set(changes).where('id', '=', ticket.id).execute();
    },

    /**
     * Records activity at `at` without a new version: last_activity_at moves to `at` and the
     * inactivity timer to `autoCloseAt`, only forward (an older message recorded late changes
     * nothing) and never on a closed ticket. The update takes the row lock, so it orders with
     * every change and with the timer sweep (which skips locked rows and re-checks the deadline).
     * True when the ticket moved.
     */
    async touchActivity(id: string, at: Date, autoCloseAt: Date | null): Promise<boolean> {
      const result = await db
        .updateTable('tickets')
        .set({ last_activity_at: at, auto_close_at: autoCloseAt })
        .where('id', '=', id)
        .where('status', '<>', 'closed')
        .where('last_activity_at', '<', at)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** The ticket, row-locked until commit: every change of one ticket is decided one at a time. */
    async findForUpdate(guildId: string, id: string): Promise<Ticket | undefined> {
      const row = await db
        .selectFrom('tickets')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      return row && ticketFromRow(row);
    },

    async find(guildId: string, id: string): Promise<Ticket | undefined> {
      const row = await db
        .selectFrom('tickets')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row && ticketFromRow(row);
    },

    async findByNumber(guildId: string, number: number): Promise<Ticket | undefined> {
      const row = await db
        .selectFrom('tickets')
        .selectAll()
        .where('guild_id', '=', guildId)
        .where('number', '=', number)
        .executeTakeFirst();
      return row && ticketFromRow(row);
    },

    /**
     * Up to `limit` tickets whose timer is due, row-locked; rows another replica holds are skipped,
     * so each due ticket is handled by exactly one replica.
     */
    async lockDue(now: Date, limit: number): Promise<Ticket[]> {
      const rows = await db
        .selectFrom('tickets')
        .selectAll()
        .where('next_timer_at', '<=', now)
        .orderBy('next_timer_at')
        .limit(limit)
        .forUpdate()
        .skipLocked()
        .execute();
      return rows.map(ticketFromRow);
    },

    /** The earliest armed timer, for the scheduler's next wake-up. */
    async nextDue(): Promise<Date | undefined> {
      const row = await db
        .selectFrom('tickets')
        .select('next_timer_at')
        .where('next_timer_at', 'is not', null)
        .orderBy('next_timer_at')
        .limit(1)
        .executeTakeFirst();
      return row?.next_timer_at ?? undefined;
    },
  };
}

/** The ticket store's interface. */
export type TicketStore = ReturnType<typeof ticketStore>;
