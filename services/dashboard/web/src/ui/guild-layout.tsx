import { roleAtLeast } from '@guildwire/contracts';
import { createContext, type ReactNode, useContext, useEffect, useSyncExternalStore } from 'react';
import { Link, useLocation } from 'wouter';
import type { GrantedGuild } from '../api/types.js';
import { useApp } from '../app-context.js';
import { useSessionToken } from '../guilds/guild-picker.js';
import { StatusIndicator } from './status-indicator.js';

/** The guild a page is about, with the person's role in it. */
export const GuildContext = createContext<GrantedGuild | undefined>(undefined);

/** The current guild (inside a guild's pages). */
export function useGuild(): GrantedGuild {
  const guild = useContext(GuildContext);
  if (guild === undefined) throw new Error('useGuild outside a guild page');
  return guild;
}

const sections = [
  { path: '', label: 'Overview', min: 'staff' },
  { path: '/tickets', label: 'Tickets', min: 'member' },
  { path: '/panels', label: 'Panels', min: 'staff' },
  { path: '/tags', label: 'Tags', min: 'staff' },
  { path: '/blacklist', label: 'Blacklist', min: 'staff' },
  { path: '/giveaways', label: 'Giveaways', min: 'member' },
  { path: '/settings', label: 'Settings', min: 'staff' },
] as const;

/** The top bar shown on every page: home, the connection indicator, who is signed in. */
export function TopBar({ children }: { children?: ReactNode }) {
  const { session } = useApp();
  const token = useSessionToken();
  return (
    <header className="top-bar">
      <Link href="/" className="brand">
        Guildwire
      </Link>
      {children}
      <span className="spacer" />
      <StatusIndicator />
      <span className="user" data-testid="user">
        {token.user.globalName ?? token.user.username}
      </span>
      <button type="button" className="link" onClick={() => void session.logout()}>
        Sign out
      </button>
    </header>
  );
}

/**
 * A guild's pages: the navigation its role allows, the guild followed on the live stream while
 * any of them is open, and a clear notice when the person lost access to it.
 */
export function GuildLayout({ guildId, children }: { guildId: string; children: ReactNode }) {
  const { live } = useApp();
  const token = useSessionToken();
  const [location] = useLocation();
  const guild = token.guilds.find((g) => g.id === guildId);
  const lost = useSyncExternalStore(
    (listener) => live.onLostGuild(listener),
    () => live.lostGuilds().has(guildId),
  );
  useEffect(() => (guild === undefined ? undefined : live.follow(guildId)), [guild, guildId, live]);

  if (guild === undefined || lost)
    return (
      <>
        <TopBar />
        <main className="page" role="alert" data-testid="guild-lost">
          <h1>No access to this guild</h1>
          <p>
            {lost
              ? 'Your access to this guild ended (a role changed, or you left it). Its pages stopped updating.'
              : 'You are not signed in to this guild: the bot is not in it, or you are not a member.'}
          </p>
          <Link href="/">Choose another guild</Link>
        </main>
      </>
    );
  const base = `/g/${guildId}`;
  return (
    <GuildContext.Provider value={guild}>
      <TopBar>
        <Link href="/" className="guild-switch" title="Choose another guild">
          {guild.name} <span className={`role role-${guild.role}`}>{guild.role}</span>
        </Link>
        <nav aria-label="Guild">
          {sections
            .filter((s) => roleAtLeast(guild.role, s.min))
            .map((s) => {
              const href = `${base}${s.path}`;
              const active = s.path === '' ? location === base : location.startsWith(href);
              return (
                <Link key={s.path} href={href} className={active ? 'active' : undefined}>
                  {s.label}
                </Link>
              );
            })}
        </nav>
      </TopBar>
      <main className="page">{children}</main>
    </GuildContext.Provider>
  );
}
