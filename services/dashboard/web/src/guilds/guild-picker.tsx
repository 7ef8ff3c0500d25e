import { useSyncExternalStore } from 'react';
import { Link } from 'wouter';
import type { IssuedToken } from '../api/types.js';
import { useApp } from '../app-context.js';

const roleLabels = { admin: 'Admin', staff: 'Staff', member: 'Member' } as const;

/** The session's token, re-read when it is renewed (roles and guilds may change). */
export function useSessionToken(): IssuedToken {
  const { session } = useApp();
  return useSyncExternalStore(
    (listener) => session.onChange(listener),
    () => session.current,
  );
}

/** The guilds where the bot is and the person has a role: the start page. */
export function GuildPicker() {
  const token = useSessionToken();
  return (
    <main className="page guild-picker">
      <h1>Your guilds</h1>
      {token.guilds.length === 0 ? (
        <p className="empty">
          None of your guilds has the Guildwire bot yet. Invite it to a guild you manage, then sign in again.
        </p>
      ) : (
        <ul className="guilds" data-testid="guilds">
          {token.guilds.map((g) => (
            <li key={g.id}>
              <Link href={`/g/${g.id}`} data-guild-id={g.id}>
                <span className="guild-icon" aria-hidden="true">
                  {g.name.slice(0, 1).toUpperCase()}
                </span>
                <span className="guild-name">{g.name}</span>
                <span className={`role role-${g.role}`}>{roleLabels[g.role]}</span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}
