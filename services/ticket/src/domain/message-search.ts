/** At most this many words are looked for: each is one more index lookup. */
export const maxSearchWords = 8;

/**
 * The words of a conversation search, each as a prefix `tsquery` term (`'refun':*` finds
 * "refund" and "refunded"), for `to_tsquery('simple', term)` against `to_tsvector('simple', content)`.
 *
 * A word is quoted rather than cleaned up: Postgres then splits it with the same parser that split
 * the messages, so `printer-fire`, `it's`, `3.5` or `alice@example.com` are found as they were
 * written. Inside a quoted term, quotes and backslashes are doubled, so no input can add operators
 * (`&`, `|`, `!`, `<->`) to the query. Words with no letter or digit match nothing and are left out;
 * repeats count once.
 */
export function conversationSearchTerms(text: string): string[] {
  // Not lower-cased here: Postgres folds the query's case as it folded the messages' (the database's
  // locale), so both sides agree whatever the language.
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
  return [...new Set(words)].slice(0, maxSearchWords).map((word) => `'${word.replace(/['\\]/g, '$&$&')}':*`);
}
