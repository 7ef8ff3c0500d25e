import { roleAtLeast } from '@guildwire/contracts';
import { useInfiniteQuery } from '@tanstack/react-query';
import { memo, useEffect, useMemo, useState } from 'react';
import { Link, useLocation, useSearch } from 'wouter';
import { unwrap } from '../api/clients.js';
import type { Ticket, TicketCategory } from '../api/types.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';
import { ErrorBox, Loading } from '../ui/error-box.js';
import { ago, user } from '../ui/format.js';
import { useGuild } from '../ui/guild-layout.js';
import { OpenTicketForm } from './open-ticket-form.js';
import { categoryLabel, useTicketCategories } from './ticket-categories.js';
import { filtersFromSearch, listQueryOf, searchOfFilters, type TicketFilters } from './ticket-filters.js';

const statusOptions = ['open', 'claimed', 'closed'] as const;
const priorityOptions = ['urgent', 'high', 'normal', 'low'] as const;

/**
 * Tickets of the guild (members: their own), newest first, with filters in the URL and cursor
 * pagination. Live events change the loaded pages in place (live/cache-updates.ts): a new ticket
 * appears on top, a claimed one changes its row; nothing is refetched for them.
 */
export default function TicketListPage() {
  const { api, session } = useApp();
  const guild = useGuild();
  const [location, navigate] = useLocation();
  const search = useSearch();
  const filters = useMemo(() => filtersFromSearch(search), [search]);
  const setFilters = (next: TicketFilters) =>
    navigate(`${location}${searchOfFilters(next)}`, { replace: true });

  const categories = useTicketCategories(guild.id).data;
  const query = useInfiniteQuery({
    queryKey: keys.ticketList(guild.id, filters),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.tickets.GET('/v1/guilds/{guildId}/tickets', {
          params: { path: { guildId: guild.id }, query: listQueryOf(filters, pageParam) },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
  });
  // A ticket can sit on two pages when it moved while the next page loaded: show it once.
  const tickets = useMemo(() => {
    const seen = new Set<string>();
    const list: Ticket[] = [];
    for (const page of query.data?.pages ?? [])
      for (const t of page.items) {
        if (seen.has(t.id)) continue;
        seen.add(t.id);
        list.push(t);
      }
    return list;
  }, [query.data]);

  return (
    <section className="tickets">
      <div className="page-head">
        <h1>Tickets</h1>
        <OpenTicketForm guildId={guild.id} staff={roleAtLeast(guild.role, 'staff')} />
      </div>
      <Filters filters={filters} onChange={setFilters} categories={categories} />
      {query.isPending ? (
        <Loading what="tickets" />
      ) : query.isError ? (
        <ErrorBox error={query.error} onRetry={() => void query.refetch()} />
      ) : tickets.length === 0 ? (
        <p className="empty">No tickets match.</p>
      ) : (
        <table className="list" data-testid="ticket-list">
          <thead>
            <tr>
              <th>#</th>
              <th>Subject</th>
              <th>Category</th>
              <th>Status</th>
              <th>Priority</th>
              <th>Opener</th>
              <th>Assignee</th>
              <th>Updated</th>
            </tr>
          </thead>
          <tbody>
            {tickets.map((t) => (
              <TicketRow
                key={t.id}
                ticket={t}
                guildId={guild.id}
                me={session.current.user.id}
                category={categoryLabel(categories, t.categoryId ?? '')}
              />
            ))}
          </tbody>
        </table>
      )}
      {query.hasNextPage ? (
        <button type="button" disabled={query.isFetchingNextPage} onClick={() => void query.fetchNextPage()}>
          {query.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </button>
      ) : null}
      {query.isFetchNextPageError ? <ErrorBox error={query.error} /> : null}
    </section>
  );
}

// Rows re-render only when their ticket object changes (an event replaces one ticket, not the list).
const TicketRow = memo(function TicketRow({
  ticket: t,
  guildId,
  me,
  category,
}: {
  ticket: Ticket;
  guildId: string;
  me: string;
  category: string;
}) {
  return (
    <tr data-ticket-id={t.id} data-version={t.version} data-status={t.status} data-category={t.categoryId}>
      <td>{t.number}</td>
      <td>
        <Link href={`/g/${guildId}/tickets/${t.id}`}>{t.subject}</Link>
      </td>
      <td>{category}</td>
      <td>
        <span className={`badge status-${t.status}`}>{t.status}</span>
      </td>
      <td>
        <span className={`badge priority-${t.priority}`}>{t.priority}</span>
      </td>
      <td>{user(t.openerId, me)}</td>
      <td>{user(t.assigneeId, me)}</td>
      <td>{ago(t.updatedAt)}</td>
    </tr>
  );
});

function Filters({
  filters,
  onChange,
  categories,
}: {
  filters: TicketFilters;
  onChange: (next: TicketFilters) => void;
  categories: readonly TicketCategory[] | undefined;
}) {
  const [text, setText] = useState(filters.q);
  const [said, setSaid] = useState(filters.messages);
  useEffect(() => setText(filters.q), [filters.q]);
  useEffect(() => setSaid(filters.messages), [filters.messages]);
  // Typing waits a moment before it asks the server.
  useEffect(() => {
    if (text.trim() === filters.q && said.trim() === filters.messages) return;
    const timer = setTimeout(() => onChange({ ...filters, q: text.trim(), messages: said.trim() }), 300);
    return () => clearTimeout(timer);
  }, [text, said, filters, onChange]);
  const toggle = <T extends string>(list: readonly T[], value: T) =>
    list.includes(value) ? list.filter((v) => v !== value) : [...list, value];
  return (
    <form className="filters" onSubmit={(e) => e.preventDefault()} aria-label="Filters">
      <fieldset>
        <legend>Status</legend>
        {statusOptions.map((s) => (
          <label key={s}>
            <input
              type="checkbox"
              name="status"
              value={s}
              checked={filters.status.includes(s)}
              onChange={() => onChange({ ...filters, status: toggle(filters.status, s) })}
            />
            {s}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Priority</legend>
        {priorityOptions.map((p) => (
          <label key={p}>
            <input
              type="checkbox"
              name="priority"
              value={p}
              checked={filters.priority.includes(p)}
              onChange={() => onChange({ ...filters, priority: toggle(filters.priority, p) })}
            />
            {p}
          </label>
        ))}
      </fieldset>
      <label>
        Category
        <select
          name="category"
          value={filters.categoryId}
          onChange={(e) => onChange({ ...filters, categoryId: e.target.value })}
        >
          <option value="">All categories</option>
          {/* A filter from the URL naming a deleted category stays selectable. */}
          {filters.categoryId !== '' && categories && !categories.some((c) => c.id === filters.categoryId) ? (
            <option value={filters.categoryId}>{categoryLabel(categories, filters.categoryId)}</option>
          ) : null}
          {(categories ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label className="search">
        Search
        <input
          type="search"
          name="q"
          value={text}
          placeholder="subject, description or answers"
          onChange={(e) => setText(e.target.value)}
        />
      </label>
      <label className="search">
        In conversations
        <input
          type="search"
          name="messages"
          value={said}
          maxLength={200}
          placeholder="words written in the Discord thread"
          onChange={(e) => setSaid(e.target.value)}
        />
      </label>
    </form>
  );
}
