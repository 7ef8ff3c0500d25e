import { type Kysely, sql } from 'kysely';
import type { TicketDatabase } from './database.js';

/** Counts and response times of one guild's tickets. */
export interface TicketStats {
  readonly open: number;
  readonly claimed: number;
  /** Tickets opened per UTC day over the window, oldest first, days without tickets included. */
  readonly openedPerDay: ReadonlyArray<{ readonly date: string; readonly count: number }>;
  /** Median time from opening to the first staff reaction, over tickets opened in the window. */
  readonly medianFirstResponseMs: number | null;
  /** Median time from opening to closing, over tickets closed in the window. */
  readonly medianResolutionMs: number | null;
}

/** Statistics of a guild over the `days` UTC days up to and including `now`'s day. */
export async function ticketStats(
  db: Kysely<TicketDatabase>,
  guildId: string,
  now: Date,
  days: number,
): Promise<TicketStats> {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const from = new Date(today - (days - 1) * 86_400_000);
  const [active, perDay, medians] = await Promise.all([
    db
      .selectFrom('tickets')
      .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
      .where('guild_id', '=', guildId)
      .where('status', '<>', 'closed')
      .groupBy('status')
      .execute(),
    sql<{ day: string; n: string }>`
      select to_char(created_at at time zone 'UTC', 'YYYY-MM-DD') as day, count(*) as n
      from tickets where guild_id = ${guildId} and created_at >= ${from}
      group by 1`.execute(db),
    sql<{ first_response: number | null; resolution: number | null }>`
      select
        (select percentile_cont(0.5) within group (order by extract(epoch from first_response_at - created_at) * 1000)
           from tickets where guild_id = ${guildId} and created_at >= ${from} and first_response_at is not null) as first_response,
        (select percentile_cont(0.5) within group (order by extract(epoch from closed_at - created_at) * 1000)
           from tickets where guild_id = ${guildId} and closed_at >= ${from}) as resolution`.execute(db),
  ]);
  const counts = new Map(perDay.rows.map((r) => [r.day, Number(r.n)]));
  const openedPerDay = Array.from({ length: days }, (_, i) => {
    const date = new Date(from.getTime() + i * 86_400_000).toISOString().slice(0, 10);
    return { date, count: counts.get(date) ?? 0 };
  });
  const m = medians.rows[0];
  const round = (v: number | null | undefined) =>
    v === null || v === undefined ? null : Math.round(Number(v));
  return {
    open: Number(active.find((r) => r.status === 'open')?.n ?? 0),
    claimed: Number(active.find((r) => r.status === 'claimed')?.n ?? 0),
    openedPerDay,
    medianFirstResponseMs: round(m?.first_response),
    medianResolutionMs: round(m?.resolution),
  };
}

/** What one staff member did over a range. */
export interface StaffStats {
  readonly staffId: string;
  /** Tickets they claimed in the range (each ticket once, however often re-claimed). */
  readonly claimed: number;
  /** Tickets closed in the range while assigned to them (whoever pressed close: them, the opener, the timer). */
  readonly closed: number;
  /** Over those closed tickets: median time from opening to the first staff reaction. */
  readonly medianFirstResponseMs: number | null;
  /** Over those closed tickets: median time from opening to closing. */
  readonly medianResolutionMs: number | null;
  /** Ratings given in the range to tickets they held at close: mean (2 decimals) and count. */
  readonly averageRating: number | null;
  readonly ratings: number;
}

/** One ticket category over a range. */
export interface CategoryStats {
  readonly categoryId: string;
  /** Tickets opened into the category in the range (the category they are in now). */
  readonly opened: number;
  /** Tickets of the category closed in the range. */
  readonly closed: number;
  /** Over the tickets opened in the range that staff reacted to. */
  readonly medianFirstResponseMs: number | null;
  /** Over the tickets closed in the range. */
  readonly medianResolutionMs: number | null;
  readonly averageRating: number | null;
  readonly ratings: number;
}

type Numeric = string | number | null;
const ms = (v: Numeric) => (v === null ? null : Math.round(Number(v)));
const mean = (v: Numeric) => (v === null ? null : Number(v));

/**
 * Per staff member over [from, to), in one statement. "Claimed" is read from the history (a claim
 * is a line there, with its time and claimer); "closed" attributes a ticket to whoever held it when
 * it last closed (a closed ticket keeps its assignee; a reopen clears it), so tickets the opener or
 * the inactivity timer closed still count for the staff member who handled them, and tickets
 * nobody held count for nobody. A rating counts for the staff member it was given to.
 */
export async function staffStats(db: Kysely<TicketDatabase>, guildId: string, from: Date, to: Date) {
  const result = await sql<{
    staff_id: string;
    claimed: string | null;
    closed: string | null;
    first_response: Numeric;
    resolution: Numeric;
    average_rating: Numeric;
    ratings: string | null;
  }>`
    with claims as (
      select actor_id as staff_id, count(distinct ticket_id) as claimed from ticket_history
      where guild_id = ${guildId} and action = 'claimed' and at >= ${from} and at < ${to}
      group by actor_id
    ), handled as (
      select assignee_id as staff_id, count(*) as closed,
        percentile_cont(0.5) within group (order by extract(epoch from first_response_at - created_at) * 1000)
          filter (where first_response_at is not null) as first_response,
        percentile_cont(0.5) within group (order by extract(epoch from closed_at - created_at) * 1000) as resolution
      from tickets
      where guild_id = ${guildId} and closed_at >= ${from} and closed_at < ${to} and assignee_id is not null
      group by assignee_id
    ), rated as (
      select feedback_staff_id as staff_id, round(avg(feedback_rating), 2) as average_rating, count(*) as ratings
      from tickets
      where guild_id = ${guildId} and feedback_at >= ${from} and feedback_at < ${to} and feedback_staff_id is not null
      group by feedback_staff_id
    )
    select staff_id, claimed, closed, first_response, resolution, average_rating, ratings
    from claims full join handled using (staff_id) full join rated using (staff_id)
    order by staff_id`.execute(db);
  return result.rows.map(
    (r): StaffStats => ({
      staffId: r.staff_id,
      claimed: Number(r.claimed ?? 0),
      closed: Number(r.closed ?? 0),
      medianFirstResponseMs: ms(r.first_response),
      medianResolutionMs: ms(r.resolution),
      averageRating: mean(r.average_rating),
      ratings: Number(r.ratings ?? 0),
    }),
  );
}

/**
 * Per ticket category over [from, to), in one statement: opened and first response by opening
 * time, closed and resolution by (last) close time, ratings by when they were given.
 */
export async function categoryStats(db: Kysely<TicketDatabase>, guildId: string, from: Date, to: Date) {
  const result = await sql<{
    category_id: string;
    opened: string | null;
    closed: string | null;
    first_response: Numeric;
    resolution: Numeric;
    average_rating: Numeric;
    ratings: string | null;
  }>`
    with opened as (
      select category_id, count(*) as opened,
        percentile_cont(0.5) within group (order by extract(epoch from first_response_at - created_at) * 1000)
          filter (where first_response_at is not null) as first_response
      from tickets where guild_id = ${guildId} and created_at >= ${from} and created_at < ${to}
      group by category_id
    ), closed as (
      select category_id, count(*) as closed,
        percentile_cont(0.5) within group (order by extract(epoch from closed_at - created_at) * 1000) as resolution
      from tickets where guild_id = ${guildId} and closed_at >= ${from} and closed_at < ${to}
      group by category_id
    ), rated as (
      select category_id, round(avg(feedback_rating), 2) as average_rating, count(*) as ratings
      from tickets where guild_id = ${guildId} and feedback_at >= ${from} and feedback_at < ${to}
      group by category_id
    )
    select category_id, opened, closed, first_response, resolution, average_rating, ratings
    from opened full join closed using (category_id) full join rated using (category_id)
    order by category_id`.execute(db);
  return result.rows.map(
    (r): CategoryStats => ({
      categoryId: r.category_id,
      opened: Number(r.opened ?? 0),
      closed: Number(r.closed ?? 0),
      medianFirstResponseMs: ms(r.first_response),
      medianResolutionMs: ms(r.resolution),
      averageRating: mean(r.average_rating),
      ratings: Number(r.ratings ?? 0),
    }),
  );
}
