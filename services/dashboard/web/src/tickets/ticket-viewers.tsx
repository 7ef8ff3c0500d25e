import { roleAtLeast } from '@guildwire/contracts';
import { type PresenceViewer, ticketTopic } from '@guildwire/realtime-client';
import { useApp } from '../app-context.js';
import { usePresence } from '../live/use-presence.js';
import { user } from '../ui/format.js';
import { useGuild } from '../ui/guild-layout.js';
import './ticket-viewers.css';

/** A colour of its own for each user id, so one person keeps one colour across pages. */
function hueOf(userId: string): number {
  let hash = 0;
  for (const ch of userId) hash = (hash * 31 + ch.charCodeAt(0)) % 360;
  return hash;
}

function Avatar({ viewer }: { viewer: PresenceViewer }) {
  const name = user(viewer.userId);
  const since = new Date(viewer.since).toLocaleTimeString();
  return (
    <li data-user-id={viewer.userId} title={`${name}, viewing since ${since}`}>
      <span
        className="avatar"
        style={{ background: `hsl(${hueOf(viewer.userId)} 55% 45%)` }}
        aria-hidden="true"
      >
        {viewer.userId.slice(-2)}
      </span>
    </li>
  );
}

/**
 * Who else has this ticket open right now (realtime presence, across every gateway replica). Only
 * staff and admins see it; a member's page still counts as a viewer for them.
 */
export function TicketViewers({ ticketId }: { ticketId: string }) {
  const { session } = useApp();
  const guild = useGuild();
  const viewers = usePresence(guild.id, ticketTopic(ticketId));
  if (!roleAtLeast(guild.role, 'staff')) return null;
  const me = session.current.user.id;
  const others = (viewers ?? []).filter((v) => v.userId !== me);
  return (
    <div className="ticket-viewers" data-testid="ticket-viewers" data-count={others.length}>
      {others.length > 0 ? (
        <>
          <ul>
            {others.map((v) => (
              <Avatar key={v.userId} viewer={v} />
            ))}
          </ul>
          <span>
            {others.length === 1
              ? `${user(others[0]!.userId)} is`
              : `${others.map((v) => user(v.userId)).join(', ')} are`}{' '}
            also viewing
          </span>
        </>
      ) : null}
    </div>
  );
}
