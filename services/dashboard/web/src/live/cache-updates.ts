import {
  applyBlacklistEvent,
  applyPanelEvent,
  applyTicketDetailEvent,
  eventData,
  type RealtimeEvent,
} from '@guildwire/realtime-client';
import type { InfiniteData, QueryClient } from '@tanstack/react-query';
import type {
  BlacklistEntry,
  Giveaway,
  GiveawayDetails,
  GiveawayPage,
  ModuleSettings,
  Panel,
  Ticket,
  TicketDetails,
  TicketPage,
} from '../api/types.js';
import { applyConversationEvent } from '../tickets/conversation/conversation-cache.js';
import { admits, type TicketFilters } from '../tickets/ticket-filters.js';
import { keys } from './query-keys.js';

// How live events land in the query cache: each event changes the cached pages in place, by the
// aggregate's version (an older or replayed event changes nothing), so a list never refetches
// because something happened. Only derived figures (statistics) and a ticket's history, which no
// event carries, are refetched — debounced, and only while a page shows them.

/**
 * Applies one event to every cached query it concerns. `replay`: the event is applied again over a
 * fetch that may have missed it (replay-over-fetches.ts); it then refetches nothing.
 */
export function applyEventToCache(client: QueryClient, event: RealtimeEvent, replay = false): void {
  const guildId = event.guildId;
  const refetchSoon = replay ? () => {} : scheduleRefetch;
  const known = eventData(event);
  if (known === undefined) return;
  if (applyConversationEvent(client, event)) return;
  if (known.type.startsWith('ticket.panel_')) {
    client.setQueryData<readonly Panel[]>(keys.panels(guildId), (panels) =>
      panels === undefined ? panels : applyPanelEvent(panels, event),
    );
    return;
  }
  if (known.type.startsWith('ticket.tag_')) {
    // Tags are few and small: the list is read again (the tags page and the reply box's picker).
    if (!replay) void client.invalidateQueries({ queryKey: keys.tags(guildId) });
    return;
  }
  if (known.type.startsWith('ticket.blacklist_')) {
    client.setQueryData<readonly BlacklistEntry[]>(keys.blacklist(guildId), (entries) =>
      entries === undefined ? entries : applyBlacklistEvent(entries, event),
    );
    return;
  }
  if (known.type.startsWith('ticket.')) {
    const ticket = 'ticket' in known.data ? (known.data.ticket as Ticket | null) : null;
    if (ticket === null) return;
    applyTicketToLists(client, guildId, ticket, known.type === 'ticket.opened');
    client.setQueryData<TicketDetails>(keys.ticket(guildId, ticket.id), (details) =>
      details === undefined ? details : applyTicketDetailEvent(details, event),
    );
    refetchSoon(client, keys.ticket(guildId, ticket.id));
    refetchSoon(client, keys.ticketStats(guildId));
    return;
  }
  if (known.type === 'giveaway.entrants_counted') {
    const { giveawayId, entrantCount } = known.data;
    updateGiveaway(client, guildId, giveawayId, (g) =>
      g.entrantCount === entrantCount ? g : { ...g, entrantCount },
    );
    return;
  }
  if (known.type.startsWith('giveaway.')) {
    const giveaway = 'giveaway' in known.data ? (known.data.giveaway as Giveaway | null) : null;
    if (giveaway === null) return;
    const isNew = known.type === 'giveaway.created';
    for (const query of client.getQueryCache().findAll({ queryKey: keys.giveawayLists(guildId) })) {
      const status = String(query.queryKey[4] ?? '');
      client.setQueryData<InfiniteData<GiveawayPage>>(query.queryKey, (data) =>
        data === undefined
          ? data
          : upsertInPages(data, giveaway, isNew && (status === '' || status === giveaway.status)),
      );
    }
    updateGiveaway(client, guildId, giveaway.id, (g) => (giveaway.version > g.version ? giveaway : g));
    refetchSoon(client, keys.giveawayStats(guildId));
    return;
  }
  if (known.type === 'config.updated') {
    const settings = known.data.settings as ModuleSettings | null;
    if (settings === null) return;
    client.setQueryData<ModuleSettings>(keys.settings(guildId, settings.module), (current) =>
      current === undefined || settings.version > current.version ? settings : current,
    );
    refetchSoon(client, keys.settingsHistory(guildId, settings.module));
    // Categories are read from the tickets settings: a change renames, adds or removes them.
    if (settings.module === 'tickets') refetchSoon(client, keys.ticketCategories(guildId));
  }
}

/** Puts a changed ticket in every cached list: in place, out (no longer matches), or in on top. */
function applyTicketToLists(client: QueryClient, guildId: string, ticket: Ticket, opened: boolean): void {
  for (const query of client.getQueryCache().findAll({ queryKey: keys.ticketLists(guildId) })) {
    const filters = query.queryKey[4] as TicketFilters | undefined;
    if (filters === undefined) continue;
    const matches = admits(filters, ticket);
    client.setQueryData<InfiniteData<TicketPage>>(query.queryKey, (data) => {
      if (data === undefined) return data;
      const at = locate(data, ticket.id);
      if (at === undefined) return matches && opened ? prepend(data, ticket) : data;
      const current = data.pages[at.page]!.items[at.index]!;
      if (ticket.version <= current.version) return data;
      // A ticket that stops matching stays until the list is reloaded, marked as such, so the row a
      // moderator is looking at does not vanish under the pointer.
      return replaceAt(data, at, ticket);
    });
  }
}

function updateGiveaway(
  client: QueryClient,
  guildId: string,
  giveawayId: string,
  change: (g: Giveaway) => Giveaway,
): void {
  client.setQueryData<GiveawayDetails>(keys.giveaway(guildId, giveawayId), (details) => {
    if (details === undefined) return details;
    const next = change(details.giveaway);
    return next === details.giveaway ? details : { ...details, giveaway: next };
  });
  client.setQueriesData<InfiniteData<GiveawayPage>>({ queryKey: keys.giveawayLists(guildId) }, (data) => {
    if (data === undefined) return data;
    const at = locate(data, giveawayId);
    if (at === undefined) return data;
    const current = data.pages[at.page]!.items[at.index]!;
    const next = change(current);
    return next === current ? data : replaceAt(data, at, next);
  });
}

function upsertInPages<T extends { id: string; version: number }>(
  data: InfiniteData<{ items: T[]; nextCursor?: string }>,
  item: T,
  addIfMissing: boolean,
): InfiniteData<{ items: T[]; nextCursor?: string }> {
  const at = locate(data, item.id);
  if (at === undefined) return addIfMissing ? prepend(data, item) : data;
  const current = data.pages[at.page]!.items[at.index]!;
  return item.version > current.version ? replaceAt(data, at, item) : data;
}

interface Place {
  readonly page: number;
  readonly index: number;
}

function locate<T extends { id: string }>(data: InfiniteData<{ items: T[] }>, id: string): Place | undefined {
  for (let page = 0; page < data.pages.length; page++) {
    const index = data.pages[page]!.items.findIndex((item) => item.id === id);
    if (index !== -1) return { page, index };
  }
  return undefined;
}

function replaceAt<T, P extends { items: T[] }>(data: InfiniteData<P>, at: Place, item: T): InfiniteData<P> {
  return {
    ...data,
    pages: data.pages.map((p, i) =>
      i === at.page ? { ...p, items: p.items.map((x, j) => (j === at.index ? item : x)) } : p,
    ),
  };
}

function prepend<T, P extends { items: T[] }>(data: InfiniteData<P>, item: T): InfiniteData<P> {
  const [first, ...rest] = data.pages;
  if (first === undefined) return data;
  return { ...data, pages: [{ ...first, items: [item, ...first.items] }, ...rest] };
}

const pending = new Map<string, ReturnType<typeof setTimeout>>();

/**
 * Refetches a query shortly, once however many events asked, and only if a page shows it: a burst
 * of events costs one request, not one per event.
 */
function scheduleRefetch(client: QueryClient, queryKey: readonly unknown[]): void {
  const hash = JSON.stringify(queryKey);
  if (pending.has(hash)) return;
  pending.set(
    hash,
    setTimeout(() => {
      pending.delete(hash);
      void client.invalidateQueries({ queryKey: [...queryKey], exact: true, refetchType: 'active' });
    }, 750),
  );
}
