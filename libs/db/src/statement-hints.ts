import { type RawBuilder, sql } from 'kysely';

/**
 * How Guildwire's driver (createDb) sends one statement, carried as a leading comment of its text
 * (the only part of a kysely query that reaches the driver unchanged):
 * - `prepare`: as a named prepared statement, parsed once per connection; Postgres then skips
 *   parsing and, once its plan is generic, planning too. For hot statements with a fixed text.
 *   Name the columns it returns: a prepared `select *` fails once a migration (say, of a newer
 *   replica) adds a column to its table.
 * - `commit`: followed by COMMIT in the same round trip; the statement's error, else COMMIT's, is
 *   the call's error. For a transaction's last statement.
 */
export interface StatementHints {
  readonly prepare?: boolean;
  readonly commit?: boolean;
}

const hintComment = /^\/\*gw:([a-z,]+)\*\//;

/** The leading comment that asks for `hints` (empty when none). */
export function hintPrefix(hints: StatementHints): string {
  const names = [hints.prepare ? 'prepare' : '', hints.commit ? 'commit' : ''].filter(Boolean);
  return names.length === 0 ? '' : `/*gw:${names.join(',')}*/ `;
}

const noHints: StatementHints = Object.freeze({});

/** The hints a statement's text asks for (every statement passes here: the common case is cheap). */
export function hintsOf(text: string): StatementHints {
  if (!text.startsWith('/*gw:')) return noHints;
  const names = hintComment.exec(text)?.[1]?.split(',') ?? [];
  return { prepare: names.includes('prepare'), commit: names.includes('commit') };
}

/** `query`, sent with `hints` (see {@link StatementHints}). */
export function withHints<T>(hints: StatementHints, query: RawBuilder<T>): RawBuilder<T> {
  return sql<T>`${sql.raw(hintPrefix(hints))}${query}`;
}

// Databases made by createDb, whose driver acts on hints. Any other Kysely ignores the comment: a
// `commit` hint would then leave the transaction open, so callers check before relying on it.
const hintAware = new WeakSet<object>();

/** Marks `db` as one whose driver acts on hints (createDb does). */
export function markHintAware(db: object): void {
  hintAware.add(db);
}

/** True when `db` came from createDb, so its driver acts on hints (a `commit` hint commits). */
export function actsOnHints(db: object): boolean {
  return hintAware.has(db);
}
