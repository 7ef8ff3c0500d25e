import type { Ticket, TicketListQuery } from '../api/types.js';

/** What the ticket list shows; kept in the page's URL so a reload or a new sign-in lands on it. */
export interface TicketFilters {
  readonly status: readonly NonNullable<Ticket['status']>[];
  readonly priority: readonly NonNullable<Ticket['priority']>[];
  /** A ticket category id; '' for every category. */
  readonly categoryId: string;
  readonly q: string;
  /** Words written in the ticket's Discord conversation (the server's `messages` search). */
  readonly messages: string;
}

const statuses = ['open', 'claimed', 'closed'] as const;
const priorities = ['low', 'normal', 'high', 'urgent'] as const;

/** Filters from a query string (`?status=open&priority=high&category=billing&q=refund&messages=invoice`). */
export function filtersFromSearch(search: string): TicketFilters {
  const params = new URLSearchParams(search);
  return {
    status: params
      .getAll('status')
      .filter((s): s is (typeof statuses)[number] => statuses.includes(s as never)),
    priority: params
      .getAll('priority')
      .filter((p): p is (typeof priorities)[number] => priorities.includes(p as never)),
    categoryId: /^[a-z0-9][a-z0-9-]{0,23}$/.test(params.get('category') ?? '') ? params.get('category')! : '',
    q: (params.get('q') ?? '').trim(),
    messages: (params.get('messages') ?? '').trim(),
  };
}

/** The query string of some filters (empty ones left out). */
export function searchOfFilters(filters: TicketFilters): string {
  const params = new URLSearchParams();
  for (const s of filters.status) params.append('status', s);
  for (const p of filters.priority) params.append('priority', p);
  if (filters.categoryId !== '') params.set('category', filters.categoryId);
  if (filters.q !== '') params.set('q', filters.q);
  if (filters.messages !== '') params.set('messages', filters.messages);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** The list API's query for the filters. */
export function listQueryOf(filters: TicketFilters, cursor?: string): TicketListQuery {
  return {
    limit: 50,
    ...(filters.status.length > 0 ? { status: [...filters.status] } : {}),
    ...(filters.priority.length > 0 ? { priority: [...filters.priority] } : {}),
    ...(filters.categoryId !== '' ? { categoryId: filters.categoryId } : {}),
    ...(filters.q !== '' ? { q: filters.q } : {}),
    ...(filters.messages !== '' ? { messages: filters.messages } : {}),
    ...(cursor === undefined ? {} : { cursor }),
  };
}

/**
 * Whether a ticket belongs on a list with these filters: what the server's filter would answer for
 * it (the text search approximated by a case-insensitive substring of subject, description or an answer).
 * A conversation search admits no new ticket: what its thread says is not in the event, and a ticket
 * just opened has said nothing yet.
 */
export function admits(filters: TicketFilters, ticket: Ticket): boolean {
  if (filters.messages !== '') return false;
  if (filters.status.length > 0 && (ticket.status === null || !filters.status.includes(ticket.status)))
    return false;
  if (
    filters.priority.length > 0 &&
    (ticket.priority === null || !filters.priority.includes(ticket.priority))
  )
    return false;
  if (filters.categoryId !== '' && ticket.categoryId !== filters.categoryId) return false;
  if (filters.q !== '') {
    const needle = filters.q.toLowerCase();
    const answers = (ticket.answers ?? []).map((a) => a.value).join('\n');
    if (!`${ticket.subject}\n${ticket.description}\n${answers}`.toLowerCase().includes(needle)) return false;
  }
  return true;
}
