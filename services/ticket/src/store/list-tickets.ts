import type { Kysely } from 'kysely';
import { decodeCursor, encodeCursor, type TicketSort } from '../domain/cursor.js';
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
  const descending = query.sort.startsWith('-');
  const key = query.sort.replace(/^-/, '') as keyof typeof sortColumns;
  const column = sortColumns[key];
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
  const rows = await q
    .orderBy(column, direction)
    .orderBy('number', direction)
    .limit(query.limit + 1)
    .execute();
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
