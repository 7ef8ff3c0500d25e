import type { GuildRole } from '@guildwire/contracts';
import { type ConnectionStatus, createRealtimeClient, type RealtimeClient } from '@guildwire/realtime-client';
import type { QueryClient } from '@tanstack/react-query';
import type { Session } from '../session/session.js';
import { showToast } from '../ui/toasts.js';
import { applyEventToCache } from './cache-updates.js';
import { notificationFor } from './notifications.js';
import { keys } from './query-keys.js';
import { replayOverFetches } from './replay-over-fetches.js';

/** The page's one realtime connection, feeding the query cache. */
export interface Live {
  readonly client: RealtimeClient;
  /** Follows a guild while a page of it is open; returns the function that stops following. */
  follow(guildId: string): () => void;
  /** Guilds the stream ended because the token no longer grants them. */
  lostGuilds(): ReadonlySet<string>;
  onLostGuild(listener: () => void): () => void;
}

/**
 * Opens the stream (libs/realtime-client: resume by cursor, dedup, token renewal in place) and
 * routes what arrives: every event into the query cache (cache-updates.ts), a toast when it concerns
 * the person, and a refetch of a guild's queries when the client says the gap cannot be filled.
 */
export function startLive(url: string, session: Session, queryClient: QueryClient): Live {
  // A dashboard comes back quickly after a gateway restart: delays grow to 10 s at most.
  const client = createRealtimeClient({
    url,
    getToken: () => session.getToken(),
    backoff: { maxMs: 10_000 },
  });
  const lost = new Set<string>();
  const lostListeners = new Set<() => void>();
  const followers = new Map<string, number>();

  const replays = replayOverFetches(queryClient, (event) => applyEventToCache(queryClient, event, true));
  client.onEvent((event) => {
    replays.record(event);
    applyEventToCache(queryClient, event);
    const role = session.guild(event.guildId)?.role as GuildRole | undefined;
    if (role === undefined) return;
    const note = notificationFor(event, { userId: session.current.user.id, role });
    if (note) showToast(note.text, 'info', note.href);
  });
  client.onResync(({ guildId, reason }) => {
    // `subscribed`: the first subscription; what the pages fetched before it may already be behind.
    // `unrecovered`: the gateway could not replay the gap (retention, a new stream): reload it all.
    void queryClient.invalidateQueries({ queryKey: keys.guild(guildId) });
    if (reason === 'unrecovered') showToast('Reconnected; reloaded what changed meanwhile', 'info');
  });
  client.onError((error) => {
    if (error.code === 'forbidden' && error.guildId !== undefined) {
      lost.add(error.guildId);
      for (const listener of lostListeners) listener();
      showToast('You no longer have access to this guild', 'error');
    }
  });

  return {
    client,
    follow(guildId) {
      followers.set(guildId, (followers.get(guildId) ?? 0) + 1);
      client.subscribe(guildId);
      return () => {
        const left = (followers.get(guildId) ?? 1) - 1;
        if (left > 0) followers.set(guildId, left);
        else {
          followers.delete(guildId);
          // Staying subscribed a little longer makes switching pages of one guild free.
          setTimeout(() => {
            if (!followers.has(guildId)) client.unsubscribe(guildId);
          }, 30_000);
        }
      };
    },
    lostGuilds: () => lost,
    onLostGuild(listener) {
      lostListeners.add(listener);
      return () => void lostListeners.delete(listener);
    },
  };
}

/** Text of each status for the indicator. */
export const statusLabels: Record<ConnectionStatus, string> = {
  live: 'Live',
  reconnecting: 'Reconnecting…',
  offline: 'Offline',
};
