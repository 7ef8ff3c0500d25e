import type { JsonObject, JsonValue } from '@bufbuild/protobuf';
import type { FieldError } from '@guildwire/errors';

/** What kind of Discord object an id names, guessed from the field's name. */
export type ReferenceKind = 'role' | 'channel' | 'category';

/** One Discord id a settings document names, and where. */
export interface SettingsReference {
  /** JSON pointer of the id (an item of a list included: `/supportRoleIds/0`). */
  readonly path: string;
  readonly id: string;
  readonly kind: ReferenceKind;
}

/**
 * The hook where the bot-gateway (a later issue) checks that the channels and roles a settings
 * document names exist in the guild: it answers a field error per id that does not. The service
 * checks the ids' format itself; without a hook (today) that is all it checks.
 */
export interface ReferenceCheck {
  check(guildId: string, module: string, references: readonly SettingsReference[]): Promise<FieldError[]>;
}

/** No existence check: what runs until the bot-gateway provides one. */
export const formatOnlyReferences: ReferenceCheck = { check: async () => [] };

interface SchemaNode {
  readonly type?: unknown;
  readonly pattern?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly items?: SchemaNode;
}

const kindOf = (name: string): ReferenceKind | undefined =>
  /role/i.test(name)
    ? 'role'
    : /categor/i.test(name)
      ? 'category'
      : /channel/i.test(name)
        ? 'channel'
        : undefined;

/**
 * Every Discord id in `settings` (validated against `schema`): the strings whose schema has the
 * snowflake pattern, found by walking the schema, so a new module's ids are found without code.
 */
export function referencesOf(schema: object, settings: JsonObject): SettingsReference[] {
  const found: SettingsReference[] = [];
  const walk = (node: SchemaNode, value: JsonValue | undefined, path: string, name: string) => {
    if (node.properties && value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(node.properties))
        walk(inner, value[key], `${path}/${key}`, key);
    } else if (node.items && Array.isArray(value)) {
      for (const [i, item] of value.entries()) walk(node.items, item, `${path}/${i}`, name);
    } else if (typeof value === 'string' && value !== '' && String(node.pattern).includes('[0-9]{17,20}')) {
      const kind = kindOf(name);
      if (kind) found.push({ path, id: value, kind });
    }
  };
  walk(schema as SchemaNode, settings, '', '');
  return found;
}
