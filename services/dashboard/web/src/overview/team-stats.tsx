import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { unwrap } from '../api/clients.js';
import { useApp } from '../app-context.js';
import { categoryLabel, useTicketCategories } from '../tickets/ticket-categories.js';
import { ErrorBox, Loading } from '../ui/error-box.js';
import { duration, user } from '../ui/format.js';

const day = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The service's range for two picked days, `to` included; undefined while a date is cleared or invalid. */
function rangeOf(from: string, to: string): { from: string; to: string } | undefined {
  const start = Date.parse(from);
  const end = Date.parse(to);
  if (Number.isNaN(start) || Number.isNaN(end)) return undefined;
  return { from: new Date(start).toISOString(), to: new Date(end + day).toISOString() };
}

/**
 * Per staff member and per category over a date range (staff): claimed, closed, medians and
 * ratings from `GET …/tickets/stats/staff` and `/categories`. The range is whole UTC days, `to`
 * included (sent as the next day's midnight: the service's range is half-open); the service refuses
 * a reversed range or one past 366 days, and the page shows its sentence. A cleared date is asked
 * for, not sent.
 */
export function TeamStats({ guildId }: { guildId: string }) {
  const { api, session } = useApp();
  const me = session.current.user.id;
  const [from, setFrom] = useState(() => isoDay(Date.now() - 29 * day));
  const [to, setTo] = useState(() => isoDay(Date.now()));
  const range = rangeOf(from, to);
  const categories = useTicketCategories(guildId);
  const stats = useQuery({
    queryKey: ['team-stats', guildId, from, to],
    enabled: range !== undefined,
    queryFn: async () => {
      const path = { guildId };
      const query = range!;
      const [staff, categories] = await Promise.all([
        api.tickets.GET('/v1/guilds/{guildId}/tickets/stats/staff', { params: { path, query } }),
        api.tickets.GET('/v1/guilds/{guildId}/tickets/stats/categories', { params: { path, query } }),
      ]);
      return { staff: (await unwrap(staff)).staff, categories: (await unwrap(categories)).categories };
    },
  });
  const rating = (r: { averageRating: number | null; ratings: number }) =>
    r.averageRating === null ? '—' : `${r.averageRating.toFixed(2)} (${r.ratings})`;
  return (
    <section className="card team-stats" data-testid="team-stats">
      <h2>Team statistics</h2>
      <label>
        From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>{' '}
      <label>
        to <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      {range === undefined ? (
        <p className="muted" data-testid="team-stats-incomplete">
          Pick both dates.
        </p>
      ) : null}
      {range && stats.isError ? <ErrorBox error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      {range && stats.isPending ? <Loading what="the statistics" /> : null}
      {range && stats.data && stats.data.staff.length === 0 && stats.data.categories.length === 0 ? (
        <p className="muted" data-testid="team-stats-empty">
          No tickets in this range.
        </p>
      ) : null}
      {range && stats.data && (stats.data.staff.length > 0 || stats.data.categories.length > 0) ? (
        <>
          <table className="list">
            <caption>Per staff member</caption>
            <thead>
              <tr>
                <th>Staff</th>
                <th>Claimed</th>
                <th>Closed</th>
                <th>Median first response</th>
                <th>Median resolution</th>
                <th>Rating (count)</th>
              </tr>
            </thead>
            <tbody>
              {stats.data.staff.map((s) => (
                <tr key={s.staffId} data-staff-id={s.staffId}>
                  <td>{user(s.staffId, me)}</td>
                  <td>{s.claimed}</td>
                  <td>{s.closed}</td>
                  <td>{duration(s.medianFirstResponseMs)}</td>
                  <td>{duration(s.medianResolutionMs)}</td>
                  <td>{rating(s)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table className="list">
            <caption>Per category</caption>
            <thead>
              <tr>
                <th>Category</th>
                <th>Opened</th>
                <th>Closed</th>
                <th>Median first response</th>
                <th>Median resolution</th>
                <th>Rating (count)</th>
              </tr>
            </thead>
            <tbody>
              {stats.data.categories.map((c) => (
                <tr key={c.categoryId} data-category-id={c.categoryId}>
                  <td>{categoryLabel(categories.data, c.categoryId)}</td>
                  <td>{c.opened}</td>
                  <td>{c.closed}</td>
                  <td>{duration(c.medianFirstResponseMs)}</td>
                  <td>{duration(c.medianResolutionMs)}</td>
                  <td>{rating(c)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
