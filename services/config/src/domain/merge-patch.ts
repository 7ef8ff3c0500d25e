import type { JsonValue } from '@bufbuild/protobuf';

const isObject = (v: unknown): v is Record<string, JsonValue> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * RFC 7396 JSON Merge Patch: members of `patch` replace those of `target`, objects merge
 * recursively, `null` removes a member (for settings: back to its default), and anything that is
 * not an object (arrays included) replaces the whole value. Neither argument is mutated.
 */
export function mergePatch(target: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (!isObject(patch)) return patch;
  const result: Record<string, JsonValue> = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete result[key];
      continue;
    }
    // defineProperty, not assignment: a member named "__proto__" (JSON.parse makes it an own
    // property) must stay a member, so that validation refuses it as an unknown field.
    Object.defineProperty(result, key, {
      value: mergePatch(result[key], value),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return result;
}
