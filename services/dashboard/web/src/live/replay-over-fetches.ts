import type { RealtimeEvent } from '@guildwire/realtime-client';
import type { QueryClient } from '@tanstack/react-query';

/** How many recent events are kept for fetches still in flight (a fetch outlasting them is rare). */
const keptEvents = 500;

/**
 * A fetch that started before an event may answer without it (the server read its rows first), and
 * its answer replaces whatever the event had put in the cache: a ticket opened while the list was
 * refetching after a resync vanished until the next change. So the events that arrived while a
 * query of their guild was fetching are applied again on top of what the fetch brought. Applying
 * is idempotent by version, so an event the answer already holds changes nothing.
 *
 * `apply` must not start refetches (a replayed event would otherwise set off another fetch, whose
 * answer would replay it again). Returns the function that stops listening.
 */
export function replayOverFetches(
  client: QueryClient,
  apply: (event: RealtimeEvent) => void,
): { record(event: RealtimeEvent): void; stop(): void } {
  let count = 0;
  const recent: { n: number; event: RealtimeEvent }[] = [];
  /** Per query (hash): how many events had arrived when its fetch started. */
  const started = new Map<string, number>();
  const stop = client.getQueryCache().subscribe((change) => {
    if (change.type === 'removed') {
      started.delete(change.query.queryHash);
      return;
    }
    if (change.type !== 'updated') return;
    const { action, query } = change;
    if (action.type === 'fetch') {
      if (!started.has(query.queryHash)) started.set(query.queryHash, count);
      return;
    }
    if (action.type === 'error') started.delete(query.queryHash);
    // setQueryData (an event applied) is a `success` too, marked manual: not the fetch landing.
    if (action.type !== 'success' || action.manual) return;
    const since = started.get(query.queryHash);
    started.delete(query.queryHash);
    const [scope, guildId] = query.queryKey;
    if (since === undefined || since === count || scope !== 'g') return;
    for (const { n, event } of recent) if (n > since && event.guildId === guildId) apply(event);
  });
  return {
    record(event) {
      count += 1;
      recent.push({ n: count, event });
      if (recent.length > keptEvents) recent.shift();
    },
    stop,
  };
}
