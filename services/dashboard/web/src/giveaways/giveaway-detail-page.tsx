import { roleAtLeast } from '@guildwire/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useParams } from 'wouter';
import { ApiError } from '../api/api-error.js';
import { unwrap } from '../api/clients.js';
import type { Giveaway, GiveawayDetails } from '../api/types.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';
import { ErrorBox, Loading } from '../ui/error-box.js';
import { dateTime, duration, user } from '../ui/format.js';
import { useGuild } from '../ui/guild-layout.js';
import { showToast } from '../ui/toasts.js';
import { newerGiveaway } from './giveaway-queries.js';

type Action = 'pause' | 'resume' | 'end' | 'cancel' | 'reroll';

/**
 * One giveaway: its state and live entrant count (`giveaway.entrants_counted`), the manager's
 * actions at the version shown, members' enter/leave, the winners of each round and the way to
 * verify the draw once it ended.
 */
export default function GiveawayDetailPage() {
  const { giveawayId } = useParams<{ giveawayId: string }>();
  const { api } = useApp();
  const guild = useGuild();
  const query = useQuery({
    queryKey: keys.giveaway(guild.id, giveawayId),
    queryFn: async () =>
      unwrap(
        await api.giveaways.GET('/v1/guilds/{guildId}/giveaways/{giveawayId}', {
          params: { path: { guildId: guild.id, giveawayId } },
        }),
      ),
    structuralSharing: newerGiveaway,
  });
  if (query.isPending) return <Loading what="the giveaway" />;
  if (query.isError) return <ErrorBox error={query.error} onRetry={() => void query.refetch()} />;
  return <GiveawayView details={query.data} onReload={() => void query.refetch()} />;
}

function GiveawayView({ details, onReload }: { details: GiveawayDetails; onReload: () => void }) {
  const { session } = useApp();
  const guild = useGuild();
  const g = details.giveaway;
  const me = session.current.user.id;
  const [conflict, setConflict] = useState(false);
  const manager = roleAtLeast(guild.role, 'staff');
  return (
    <article className="giveaway" data-testid="giveaway" data-status={g.status} data-version={g.version}>
      <p>
        <Link href={`/g/${guild.id}/giveaways`}>← Giveaways</Link>
      </p>
      <h1>{g.prize}</h1>
      {conflict ? (
        <div className="conflict" role="alert" data-testid="conflict">
          Changed by someone else — reload.{' '}
          <button
            type="button"
            onClick={() => {
              setConflict(false);
              onReload();
            }}
          >
            Reload
          </button>
        </div>
      ) : null}
      <div className="stats">
        <div className="stat">
          <div className="value" data-testid="entrant-count">
            {g.entrantCount}
          </div>
          <div className="label">entrants (live)</div>
        </div>
        <div className="stat">
          <div className="value">
            <span className={`badge status-${g.status}`}>{g.status}</span>
          </div>
          <div className="label">status</div>
        </div>
        <div className="stat">
          <div className="value">{g.winnerCount}</div>
          <div className="label">winners</div>
        </div>
        <div className="stat">
          <div className="value">
            {g.status === 'running' ? duration(Date.parse(g.endsAt ?? '') - Date.now()) : '—'}
          </div>
          <div className="label">left (ends {dateTime(g.endsAt)})</div>
        </div>
      </div>
      {g.description ? <p className="description">{g.description}</p> : null}
      <Requirements giveaway={g} />
      {manager ? <ManagerActions giveaway={g} onConflict={() => setConflict(true)} /> : null}
      <EntryButton giveaway={g} entered={details.ownEntry !== null} />
      <h2>Winners</h2>
      {g.rounds.length === 0 ? <p className="muted">Drawn when the giveaway ends.</p> : null}
      <ol data-testid="winners">
        {g.rounds.map((r) => (
          <li key={r.round}>
            {r.round === 1 ? 'Draw' : `Reroll ${r.round - 1}`}:{' '}
            {r.userIds.map((id) => user(id, me)).join(', ') || 'nobody entered'}
            {r.short ? ' (every remaining entrant)' : ''}
          </li>
        ))}
      </ol>
      {g.status === 'ended' ? (
        <p>
          <Link href={`/g/${guild.id}/giveaways/${g.id}/verify`}>Verify this draw</Link> — recompute the
          winners in your browser from the published seed and entries.
        </p>
      ) : (
        <p className="muted">
          Seed commitment: <code>{g.draw?.seedCommitment ?? '—'}</code>
        </p>
      )}
      {details.history.length > 0 ? (
        <>
          <h2>History</h2>
          <ol className="history">
            {details.history.map((h) => (
              <li key={`${h.version}-${h.action}`}>
                {dateTime(h.at)} {h.action} by {user(h.actorId, me)}
              </li>
            ))}
          </ol>
        </>
      ) : null}
    </article>
  );
}

function Requirements({ giveaway: g }: { giveaway: Giveaway }) {
  const r = g.requirements;
  const days = (ms: number) => `${Math.round(ms / 86_400_000)} days`;
  const parts = [
    r && r.requiredRoleIds.length > 0
      ? `${r.requiredRolesMode === 'all' ? 'all' : 'one'} of ${r.requiredRoleIds.length} roles`
      : '',
    r && r.excludedRoleIds.length > 0 ? `none of ${r.excludedRoleIds.length} excluded roles` : '',
    r && r.minAccountAgeMs > 0 ? `account older than ${days(r.minAccountAgeMs)}` : '',
    r && r.minMemberAgeMs > 0 ? `member for ${days(r.minMemberAgeMs)}` : '',
    ...g.bonusEntries.map((b) => `+${b.entries} entries for role ${b.roleId}`),
  ].filter(Boolean);
  return (
    <p className="muted">
      Requirements: {parts.length > 0 ? parts.join('; ') : 'anyone in the guild may enter'}.
    </p>
  );
}

function ManagerActions({ giveaway: g, onConflict }: { giveaway: Giveaway; onConflict: () => void }) {
  const { api } = useApp();
  const guild = useGuild();
  const client = useQueryClient();
  const act = useMutation({
    mutationFn: async (action: Action) =>
      unwrap(
        await api.giveaways.POST(`/v1/guilds/{guildId}/giveaways/{giveawayId}/${action}`, {
          params: { path: { guildId: guild.id, giveawayId: g.id }, header: { 'if-match': `"${g.version}"` } },
          body: {} as never,
        }),
      ),
    onSuccess: (reply) => {
      const next = reply.giveaway;
      if (next)
        client.setQueryData<GiveawayDetails>(keys.giveaway(guild.id, g.id), (d) =>
          d && next.version > d.giveaway.version ? { ...d, giveaway: next } : d,
        );
    },
    onError: (error) => {
      if (error instanceof ApiError && error.isConflict) onConflict();
      else showToast(error.message, 'error');
    },
  });
  const button = (action: Action, label: string, className?: string) => (
    <button type="button" className={className} disabled={act.isPending} onClick={() => act.mutate(action)}>
      {label}
    </button>
  );
  return (
    <div className="ticket-actions" role="toolbar" aria-label="Giveaway actions">
      {g.status === 'running' ? button('pause', 'Pause', 'secondary') : null}
      {g.status === 'paused' ? button('resume', 'Resume') : null}
      {g.status === 'running' || g.status === 'paused' ? button('end', 'End now') : null}
      {g.status === 'ended' ? button('reroll', 'Reroll one winner') : null}
      {g.status === 'scheduled' || g.status === 'running' || g.status === 'paused'
        ? button('cancel', 'Cancel', 'danger')
        : null}
    </div>
  );
}

function EntryButton({ giveaway: g, entered }: { giveaway: Giveaway; entered: boolean }) {
  const { api } = useApp();
  const guild = useGuild();
  const client = useQueryClient();
  const entry = useMutation({
    mutationFn: async (enter: boolean) => {
      const params = { params: { path: { guildId: guild.id, giveawayId: g.id } } };
      return enter
        ? unwrap(await api.giveaways.POST('/v1/guilds/{guildId}/giveaways/{giveawayId}/entry', params))
        : unwrap(await api.giveaways.DELETE('/v1/guilds/{guildId}/giveaways/{giveawayId}/entry', params));
    },
    onSuccess: () => void client.invalidateQueries({ queryKey: keys.giveaway(guild.id, g.id) }),
    onError: (error) => showToast(error.message, 'error'),
  });
  if (g.status !== 'running') return null;
  return (
    <p>
      {entered ? (
        <>
          You are entered.{' '}
          <button
            type="button"
            className="secondary"
            disabled={entry.isPending}
            onClick={() => entry.mutate(false)}
          >
            Leave
          </button>
        </>
      ) : (
        <button type="button" disabled={entry.isPending} onClick={() => entry.mutate(true)}>
          Enter
        </button>
      )}
    </p>
  );
}
