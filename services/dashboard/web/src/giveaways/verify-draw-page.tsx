import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'wouter';
import { unwrap } from '../api/clients.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';
import { ErrorBox, Loading } from '../ui/error-box.js';
import { useGuild } from '../ui/guild-layout.js';
import { checkDraw } from './verify-draw.js';

/**
 * "Verify this draw": the ended giveaway's public draw (seed, entries, rounds) recomputed here with
 * Web Crypto, by the rule docs/giveaway.md publishes; what it proves and what it cannot is spelled out.
 */
export default function VerifyDrawPage() {
  const { giveawayId } = useParams<{ giveawayId: string }>();
  const { api } = useApp();
  const guild = useGuild();
  const draw = useQuery({
    queryKey: keys.giveawayDraw(guild.id, giveawayId),
    queryFn: async () =>
      unwrap(
        await api.giveaways.GET('/v1/guilds/{guildId}/giveaways/{giveawayId}/draw', {
          params: { path: { guildId: guild.id, giveawayId } },
        }),
      ),
  });
  const check = useQuery({
    queryKey: [...keys.giveawayDraw(guild.id, giveawayId), 'check', draw.data?.entriesDigest],
    queryFn: () => checkDraw(draw.data!),
    enabled: draw.data !== undefined,
  });
  const back = <Link href={`/g/${guild.id}/giveaways/${giveawayId}`}>← The giveaway</Link>;
  if (draw.isPending) return <Loading what="the draw" />;
  if (draw.isError)
    return (
      <>
        <p>{back}</p>
        <ErrorBox error={draw.error} onRetry={() => void draw.refetch()} />
      </>
    );
  const d = draw.data;
  return (
    <article className="verify" data-testid="verify">
      <p>{back}</p>
      <h1>Verify the draw</h1>
      {check.isPending ? <Loading what="the check" /> : null}
      {check.data?.ok ? (
        <p className="verified" data-testid="verdict">
          VERIFIED: the seed matches its commitment, the entries their digest, and every round's winners the
          draw.
        </p>
      ) : null}
      {check.data && !check.data.ok ? (
        <div className="error-box" data-testid="verdict">
          <p className="failed">NOT VERIFIED</p>
          <ul>
            {check.data.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <dl className="facts">
        <div>
          <dt>Seed commitment (published at creation)</dt>
          <dd>
            <code>{d.seedCommitment}</code>
          </dd>
        </div>
        <div>
          <dt>Seed (revealed at the end)</dt>
          <dd>
            <code>{d.seed}</code>
          </dd>
        </div>
        <div>
          <dt>Entries digest</dt>
          <dd>
            <code>{d.entriesDigest}</code>
          </dd>
        </div>
        <div>
          <dt>Beacon</dt>
          <dd>{d.beacon ? `${d.beacon} round ${d.beaconRound}` : 'none'}</dd>
        </div>
      </dl>
      <h2>Rounds</h2>
      <ol>
        {d.rounds.map((r, i) => (
          <li key={r.round}>
            published {r.userIds.join(', ') || '—'}; recomputed{' '}
            {check.data?.expectedRounds[i]?.join(', ') ?? '…'}
          </li>
        ))}
      </ol>
      <h2>Entries ({d.entries.length})</h2>
      <p className="muted">
        Find yourself in the list with your weight (1 + bonus entries). The check proves the winners follow
        from the seed fixed before anyone entered and from this list; it cannot prove the list is complete.
      </p>
      <details>
        <summary>Show entries</summary>
        <ul>
          {d.entries.map((e) => (
            <li key={e.userId}>
              {e.userId} × {e.weight}
            </li>
          ))}
        </ul>
      </details>
    </article>
  );
}
