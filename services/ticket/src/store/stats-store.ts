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
