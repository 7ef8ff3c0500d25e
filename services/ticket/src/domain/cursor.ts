import { validationError } from '@guildwire/errors';

/** Sort orders of ticket lists: a column and a direction. */
export type TicketSort =
  | 'created_at'
  | '-created_at'
  | 'updated_at'
  | '-updated_at'
  | 'number'
  | '-number'
  | 'priority'
  | '-priority';

/** Every sort order, for schemas. */
export const ticketSorts = [
  'created_at',
  '-created_at',
  'updated_at',
  '-updated_at',
  'number',
  '-number',
  'priority',
  '-priority',
] as const satisfies readonly TicketSort[];

/** Where a page ended: the sort value and number of its last ticket (numbers are unique per guild). */
export interface TicketCursor {
  readonly sort: TicketSort;
  readonly value: string | number;
  readonly number: number;
}

/** Opaque cursor text for the next page. */
export function encodeCursor(cursor: TicketCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.value, cursor.number])).toString('base64url');
}

/** Reads a cursor; 400 when it is malformed or was made for another sort order. */
export function decodeCursor(text: string, sort: TicketSort): TicketCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    parsed[0] !== sort ||
    !(typeof parsed[1] === 'string' || typeof parsed[1] === 'number') ||
    !Number.isInteger(parsed[2])
  ) {
    throw validationError(
      [{ field: '/cursor', message: 'is malformed or belongs to another sort order' }],
      'querystring',
    );
  }
  return { sort, value: parsed[1], number: parsed[2] };
}
