import { roleAtLeast } from '@guildwire/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { memo, useMemo, useState } from 'react';
import { Link } from 'wouter';
import { unwrap } from '../api/clients.js';
import type { Giveaway } from '../api/types.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';
import { ErrorBox, Loading } from '../ui/error-box.js';
import { dateTime } from '../ui/format.js';
import { useGuild } from '../ui/guild-layout.js';
import { GiveawayForm } from './giveaway-form.js';

const tabs = ['running', 'scheduled', 'paused', 'ended', 'cancelled', ''] as const;

/** Giveaways by status, newest first; entrant counts and states change live in place. */
export default function GiveawayListPage() {
  const { api } = useApp();
  const guild = useGuild();
  const [status, setStatus] = useState<(typeof tabs)[number]>('running');
  const [creating, setCreating] = useState(false);
  const manager = roleAtLeast(guild.role, 'staff');
  const query = useInfiniteQuery({
    queryKey: keys.giveawayList(guild.id, status),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.giveaways.GET('/v1/guilds/{guildId}/giveaways', {
          params: {
            path: { guildId: guild.id },
            query: {
              limit: 50,
              ...(status === '' ? {} : { status: [status] }),
              ...(pageParam === undefined ? {} : { cursor: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
  const giveaways = useMemo(() => {
    const seen = new Set<string>();
    return (query.data?.pages ?? []).flatMap((p) =>
      p.items.filter((g) => {
        if (seen.has(g.id)) return false;
        seen.add(g.id);
        return true;
      }),
    );
  }, [query.data]);
  return (
    <section className="giveaways">
      <div className="page-head">
        <h1>Giveaways</h1>
        {manager && !creating ? (
          <button type="button" onClick={() => setCreating(true)}>
            New giveaway
          </button>
        ) : null}
      </div>
      {creating ? <GiveawayForm onDone={() => setCreating(false)} /> : null}
      <nav className="tabs" aria-label="Status">
        {tabs.map((s) => (
          <a
            key={s}
            href={`#${s || 'all'}`}
            className={s === status ? 'active' : undefined}
            onClick={(e) => {
              e.preventDefault();
              setStatus(s);
            }}
          >
            {s || 'all'}
          </a>
        ))}
      </nav>
      {query.isPending ? <Loading what="giveaways" /> : null}
      {query.isError ? <ErrorBox error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.isSuccess && giveaways.length === 0 ? <p className="empty">No {status} giveaways.</p> : null}
      {giveaways.length > 0 ? (
        <table className="list" data-testid="giveaway-list">
          <thead>
            <tr>
              <th>Prize</th>
              <th>Status</th>
              <th>Entrants</th>
              <th>Winners</th>
              <th>Ends</th>
            </tr>
          </thead>
          <tbody>
            {giveaways.map((g) => (
              <GiveawayRow key={g.id} giveaway={g} guildId={guild.id} />
            ))}
          </tbody>
        </table>
      ) : null}
      {query.hasNextPage ? (
        <button type="button" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
          Load more
        </button>
      ) : null}
    </section>
  );
}

const GiveawayRow = memo(function GiveawayRow({
  giveaway: g,
  guildId,
}: {
  giveaway: Giveaway;
  guildId: string;
}) {
  return (
    <tr data-giveaway-id={g.id} data-status={g.status} data-version={g.version}>
      <td>
        <Link href={`/g/${guildId}/giveaways/${g.id}`}>{g.prize}</Link>
      </td>
      <td>
        <span className={`badge status-${g.status}`}>{g.status}</span>
      </td>
      <td data-testid="entrants">{g.entrantCount}</td>
      <td>{g.winnerCount}</td>
      <td>{dateTime(g.endsAt)}</td>
    </tr>
  );
});
