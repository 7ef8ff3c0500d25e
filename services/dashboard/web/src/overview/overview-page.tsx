import { useQuery } from '@tanstack/react-query';
import { Link } from 'wouter';
import { unwrap } from '../api/clients.js';
import type { TicketStats } from '../api/types.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';
import { ErrorBox, Loading } from '../ui/error-box.js';
import { duration } from '../ui/format.js';
import { useGuild } from '../ui/guild-layout.js';
import { TeamStats } from './team-stats.js';

/**
 * The guild at a glance (staff): open and claimed tickets, running giveaways, median first-response
 * and resolution times, and tickets opened per day. Refetched (debounced) when ticket or giveaway
 * events arrive, since no event carries these figures.
 */
export default function OverviewPage() {
  const { api } = useApp();
  const guild = useGuild();
  const tickets = useQuery({
    queryKey: keys.ticketStats(guild.id),
    queryFn: async () =>
      unwrap(
        await api.tickets.GET('/v1/guilds/{guildId}/tickets/stats', {
          params: { path: { guildId: guild.id }, query: { days: 14 } },
        }),
      ),
  });
  const giveaways = useQuery({
    queryKey: keys.giveawayStats(guild.id),
    queryFn: async () =>
      unwrap(
        await api.giveaways.GET('/v1/guilds/{guildId}/giveaways/stats', {
          params: { path: { guildId: guild.id } },
        }),
      ),
  });
  const base = `/g/${guild.id}`;
  return (
    <section className="overview">
      <h1>Overview</h1>
      {tickets.isError ? <ErrorBox error={tickets.error} onRetry={() => void tickets.refetch()} /> : null}
      {giveaways.isError ? (
        <ErrorBox error={giveaways.error} onRetry={() => void giveaways.refetch()} />
      ) : null}
      {tickets.isPending || giveaways.isPending ? <Loading what="the figures" /> : null}
      <div className="stats" data-testid="overview-stats">
        <Stat label="open tickets" value={tickets.data?.open} href={`${base}/tickets?status=open`} />
        <Stat label="claimed tickets" value={tickets.data?.claimed} href={`${base}/tickets?status=claimed`} />
        <Stat label="running giveaways" value={giveaways.data?.running} href={`${base}/giveaways`} />
        <Stat
          label="median first response (14 d)"
          value={tickets.data ? duration(tickets.data.medianFirstResponseMs) : undefined}
        />
        <Stat
          label="median resolution (14 d)"
          value={tickets.data ? duration(tickets.data.medianResolutionMs) : undefined}
        />
        <Stat label="giveaway entries" value={giveaways.data?.entries} />
      </div>
      {tickets.data ? <OpenedChart days={tickets.data.openedPerDay} /> : null}
      <TeamStats guildId={guild.id} />
    </section>
  );
}

function Stat({ label, value, href }: { label: string; value: number | string | undefined; href?: string }) {
  const shown = value === undefined ? '…' : value;
  return (
    <div className="stat">
      <div className="value">{href ? <Link href={href}>{shown}</Link> : shown}</div>
      <div className="label">{label}</div>
    </div>
  );
}

/** Tickets opened per day, as bars: a small SVG, no chart library. */
function OpenedChart({ days }: { days: TicketStats['openedPerDay'] }) {
  const width = 640;
  const height = 160;
  const max = Math.max(1, ...days.map((d) => d.count));
  const slot = width / Math.max(1, days.length);
  return (
    <figure className="card">
      <figcaption>Tickets opened per day</figcaption>
      <svg
        className="chart"
        viewBox={`0 0 ${width} ${height + 20}`}
        role="img"
        aria-label="Tickets opened per day"
      >
        {days.map((d, i) => {
          const h = (d.count / max) * height;
          return (
            <g key={d.date}>
              <rect x={i * slot + 4} y={height - h} width={Math.max(2, slot - 8)} height={h}>
                <title>
                  {d.date}: {d.count}
                </title>
              </rect>
              <text x={i * slot + slot / 2} y={height + 14} textAnchor="middle">
                {d.date.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
