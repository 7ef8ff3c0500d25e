import type { FieldChecker } from '@guildwire/errors';

/** A guild's canned reply (docs/ticket.md, "Tags"). */
export interface Tag {
  readonly id: string;
  readonly guildId: string;
  /** Lower case, unique in the guild. */
  readonly name: string;
  readonly content: string;
  /** Whole words or phrases that post the tag once per ticket when the opener writes one; empty: never. */
  readonly keywords: readonly string[];
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** The fields of a tag an admin writes. */
export interface TagFields {
  readonly name: string;
  readonly content: string;
  readonly keywords: readonly string[];
}

/** Bounds of a tag: content is one Discord message; names fit Discord's autocomplete and look like slugs. */
export const tagLimits = {
  name: 32,
  content: 2000,
  keywords: 10,
  keyword: 50,
  /** Tags one guild may have (Discord's autocomplete shows 25 at a time; the dashboard lists them all). */
  perGuild: 200,
} as const;

const namePattern = /^[a-z0-9][a-z0-9_-]*$/;
// A keyword is letters, digits, spaces and a little punctuation, nothing that reads as a pattern.
const keywordPattern = /^[\p{L}\p{N}][\p{L}\p{N} '’.\-_]*$/u;

/** A name as kept: trimmed and lower case, so "Refund" and "refund" are one tag. */
export const normaliseTagName = (name: string) => name.trim().toLowerCase();

/** A keyword as matched: trimmed, lower case, inner spaces collapsed. */
export const normaliseKeyword = (word: string) => word.trim().toLowerCase().replace(/\s+/g, ' ');

/** Adds the field errors of the (normalised) fields given; absent fields are not checked. */
export function checkTagFields(check: FieldChecker, fields: Partial<TagFields>): void {
  const { name, content, keywords } = fields;
  if (name !== undefined)
    check.check(
      'name',
      name.length >= 1 && name.length <= tagLimits.name && namePattern.test(name),
      `must be 1 to ${tagLimits.name} characters: letters a-z, digits, "-" and "_", starting with a letter or digit`,
    );
  if (content !== undefined) check.text('content', content, tagLimits.content, { required: true });
  if (keywords === undefined) return;
  check.check(
    'keywords',
    keywords.length <= tagLimits.keywords,
    `must have at most ${tagLimits.keywords} keywords`,
  );
  keywords.forEach((word, i) => {
    check.check(
      `keywords/${i}`,
      word.length >= 2 && word.length <= tagLimits.keyword && keywordPattern.test(word),
      `must be 2 to ${tagLimits.keyword} characters of letters, digits, spaces and ' . - _ (plain words, not a regular expression)`,
    );
    check.check(`keywords/${i}`, keywords.indexOf(word) === i, `lists "${word}" twice`);
  });
}

/** Field names (snake_case, as in events) whose values differ between a tag and an edit. */
export function changedTagFields(tag: Tag, edit: Partial<TagFields>): string[] {
  const changed: string[] = [];
  if (edit.name !== undefined && edit.name !== tag.name) changed.push('name');
  if (edit.content !== undefined && edit.content !== tag.content) changed.push('content');
  if (edit.keywords !== undefined && edit.keywords.join('\n') !== tag.keywords.join('\n'))
    changed.push('keywords');
  return changed;
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}_]/u.test(c);

/**
 * Whether `text` contains one of the keywords as whole words, in any case: "refund" matches
 * "Refund please!" but not "refunded". A plain scan for each keyword (indexOf), no regular
 * expression built from input: its cost is bounded by text length × keywords, whatever an admin
 * typed, so no pattern can stall the service (ReDoS).
 */
export function matchesKeywords(keywords: readonly string[], text: string): boolean {
  if (keywords.length === 0) return false;
  const haystack = text.toLowerCase().replace(/\s+/g, ' ');
  return keywords.some((word) => {
    for (let at = haystack.indexOf(word); at !== -1; at = haystack.indexOf(word, at + 1)) {
      if (!isWordChar(haystack[at - 1]) && !isWordChar(haystack[at + word.length])) return true;
    }
    return false;
  });
}
