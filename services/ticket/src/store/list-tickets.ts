import { type Kysely, sql } from 'kysely';
import { decodeCursor, encodeCursor, type TicketSort } from '../domain/cursor.js';
import { conversationSearchTerms } from '../domain/message-search.js';
import type { Ticket, TicketPriority, TicketStatus } from '../domain/ticket.js';
import type { TicketDatabase } from './database.js';
import { priorityRank, ticketFromRow } from './ticket-rows.js';

/** Filters, order and page of a ticket list. */
export interface TicketQuery {
  readonly status?: readonly TicketStatus[];
  readonly priority?: readonly TicketPriority[];
  readonly assigneeId?: string;
  readonly openerId?: string;
  readonly panelId?: string;
  readonly categoryId?: string;
  /** Case-insensitive text in subject, description or the answers. */
  readonly text?: string;
  /** Words written in the ticket's conversation (each a prefix, all of them somewhere in it). */
  readonly conversation?: string;
  readonly createdFrom?: Date;
  readonly createdTo?: Date;
  readonly sort: TicketSort;
  readonly limit: number;
  readonly cursor?: string;
}

/** One page of tickets and the cursor of the next (absent on the last page). */
export interface TicketPage {
  readonly items: Ticket[];
  readonly nextCursor?: string;
}

const sortColumns = {
  created_at: 'created_at',
  updated_at: 'updated_at',
  number: 'number',
  priority: 'priority',
} as const;

/**
 * Keyset pagination on (sort column, number): numbers are unique per guild, so every ticket sits at
 * exactly one position and a page boundary neither repeats nor skips a ticket while others are added.
 */
export async function listTickets(
  db: Kysely<TicketDatabase>,
  guildId: string,
  query: TicketQuery,
): Promise<TicketPage> {
  const column = sortColumnOf(query);
  const rows = await ticketListQuery(db, guildId, query).execute();
  const items = rows.slice(0, query.limit).map(ticketFromRow);
  const last = rows.length > query.limit ? rows[query.limit - 1] : undefined;
  if (!last) return { items };
  const value = last[column];
  return {
    items,
    nextCursor: encodeCursor({
      sort: query.sort,
      value: value instanceof Date ? value.toISOString() : value,
      number: last.number,
    }),
  };
}

function sortColumnOf(query: TicketQuery) {
  return sortColumns[query.sort.replace(/^-/, '') as keyof typeof sortColumns];
}

/** The statement of a list page (one row more than the page, to know whether another follows). */
export function ticketListQuery(db: Kysely<TicketDatabase>, guildId: string, query: TicketQuery) {
  const descending = query.sort.startsWith('-');
  const column = sortColumnOf(query);
  const direction = descending ? 'desc' : 'asc';
  let q = db.selectFrom('tickets').selectAll().where('guild_id', '=', guildId);
  if (query.status?.length) q = q.where('status', 'in', [...query.status]);
  if (query.priority?.length) q = q.where('priority', 'in', query.priority.map(priorityRank));
  if (query.assigneeId !== undefined) q = q.where('assignee_id', '=', query.assigneeId);
  if (query.openerId !== undefined) q = q.where('opener_id', '=', query.openerId);
  if (query.panelId !== undefined) q = q.where('panel_id', '=', query.panelId);
  if (query.categoryId !== undefined) q = q.where('category_id', '=', query.categoryId);
  if (query.createdFrom) q = q.where('created_at', '>=', query.createdFrom);
  if (query.createdTo) q = q.where('created_at', '<', query.createdTo);
  if (query.text) {
    const pattern = `%${query.text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('subject', 'ilike', pattern),
        eb('description', 'ilike', pattern),
        eb('answers_text', 'ilike', pattern),
      ]),
    );
  }
  if (query.conversation !== undefined) {
    const matches = conversationMatches(db, guildId, conversationSearchTerms(query.conversation));
    // Nothing searchable (only punctuation) finds nothing, rather than every ticket.
    // `= any(array(subquery))` makes the matches an InitPlan, computed once before the tickets are
    // read: written as `id in (subquery)`, the planner was free to test every ticket of the guild
    // against its messages instead (measured: 5,010 tickets → 20,000 messages read for one hit).
    q = q.where(matches ? sql<boolean>`tickets.id = any(array(${matches}))` : sql<boolean>`false`);
  }
  if (query.cursor !== undefined) {
    const cursor = decodeCursor(query.cursor, query.sort);
    const value =
      column === 'created_at' || column === 'updated_at'
        ? new Date(String(cursor.value))
        : Number(cursor.value);
    q = q.where((eb) =>
      eb(eb.refTuple(column, 'number'), descending ? '<' : '>', eb.tuple(value, cursor.number)),
    );
  }
  return q
    .orderBy(column, direction)
    .orderBy('number', direction)
    .limit(query.limit + 1);
}

/**
 * The tickets of a guild whose conversation has every term: one GIN index lookup per term (the
 * expression must be migration 0009's own), intersected. Undefined when there is no term.
 */
function conversationMatches(db: Kysely<TicketDatabase>, guildId: string, terms: readonly string[]) {
  const withTerm = (term: string) =>
    db
      .selectFrom('ticket_messages')
      .select('ticket_id')
      .where('guild_id', '=', guildId)
      .where(
        sql<boolean>`to_tsvector('simple'::regconfig, content) @@ to_tsquery('simple'::regconfig, ${term})`,
      );
  const [first, ...rest] = terms;
  if (first === undefined) return undefined;
  return rest.reduce((all, term) => all.intersect(withTerm(term)), withTerm(first));
}
