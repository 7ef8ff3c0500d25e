import { CompiledQuery } from 'kysely';

// BEGIN / START TRANSACTION, COMMIT and ROLLBACK with nothing else in the text, as kysely, the
// outbox and reservedTransaction send them.
const beginText = /^\s*(begin|start transaction(\s+[a-z ]+)?)\s*;?\s*$/i;
const endText = /^\s*(commit|rollback)\s*;?\s*$/i;

export const beginQuery = CompiledQuery.raw('begin');
export const commitQuery = CompiledQuery.raw('commit');
export const rollbackQuery = CompiledQuery.raw('rollback');

/** True when `text` only opens a transaction. */
export const isBeginText = (text: string): boolean => beginText.test(text);

/** COMMIT or ROLLBACK when `text` only ends a transaction, else undefined. */
export function endCommandOf(text: string): 'COMMIT' | 'ROLLBACK' | undefined {
  const m = endText.exec(text);
  return m === null ? undefined : (m[1]!.toUpperCase() as 'COMMIT' | 'ROLLBACK');
}
