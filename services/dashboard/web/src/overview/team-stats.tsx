import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { unwrap } from '../api/clients.js';
import { useApp } from '../app-context.js';
import { ErrorBox, Loading } from '../ui/error-box.js';
import { duration, user } from '../ui/format.js';

const day = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * Per staff member and per category over a date range (staff): claimed, closed, medians and
 * ratings from `GET …/tickets/stats/staff` and `/categories`. The range is whole UTC days, `to`
 * included (sent as the next day's midnight: the service's range is half-open); the service refuses
 * a reversed range or one past 366 days, and the page shows its sentence.
 */
export function TeamStats({ guildId }: { guildId: string }) {
  const { api } = useApp();
  const [from, setFrom] = useState(() => isoDay(Date.now() - 29 * day));
  const [to, setTo] = useState(() => isoDay(Date.now()));
  const query = { from: `${from}T00:00:00.000Z`, to: new Date(Date.parse(to) + day).toISOString() };
  const stats = useQuery({
    queryKey: ['team-stats', guildId, from, to],
    queryFn: async () => {
      const path = { guildId };
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
    <section className="card" data-testid="team-stats">
      <h2>Team statistics</h2>
      <label>
        From <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
      </label>{' '}
      <label>
        to <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
      </label>
      {stats.isError ? <ErrorBox error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      {stats.isPending ? <Loading what="the statistics" /> : null}
      {stats.data ? (
        <>
          <table>
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
                <tr key={s.staffId}>
                  <td>{user(s.staffId, '')}</td>
                  <td>{s.claimed}</td>
                  <td>{s.closed}</td>
                  <td>{duration(s.medianFirstResponseMs)}</td>
                  <td>{duration(s.medianResolutionMs)}</td>
                  <td>{rating(s)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
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
                <tr key={c.categoryId}>
                  <td>{c.categoryId}</td>
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
