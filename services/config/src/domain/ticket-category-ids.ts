import type { JsonObject, JsonValue } from '@bufbuild/protobuf';
import { defaultTicketCategoryId } from '@guildwire/contracts';

const maxIdLength = 24;

/** "Billing & refunds!" → "billing-refunds"; '' when the name has no letter or digit. */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, maxIdLength)
    .replace(/-+$/, '');
}

/**
 * The `tickets` document with an id made for every category that has none ('' or missing): a slug
 * of its name, made unique with -2, -3… (never "default"). Ids already set are kept as they are, so
 * a category keeps its id when renamed. Anything not shaped as expected is left for validation.
 */
export function withCategoryIds(settings: JsonObject): JsonObject {
  const categories = settings.categories;
  if (!Array.isArray(categories)) return settings;
  const taken = new Set<string>([defaultTicketCategoryId]);
  for (const c of categories) if (isObject(c) && typeof c.id === 'string' && c.id !== '') taken.add(c.id);
  const completed = categories.map((c): JsonValue => {
    if (!isObject(c) || (c.id !== undefined && c.id !== '')) return c;
    const base = slugOf(typeof c.name === 'string' ? c.name : '') || 'category';
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base.slice(0, maxIdLength - String(n).length - 1)}-${n}`;
    taken.add(id);
    return { ...c, id };
  });
  return { ...settings, categories: completed };
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
