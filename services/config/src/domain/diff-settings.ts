import type { JsonValue } from '@bufbuild/protobuf';
import type { FieldChange } from './module-settings.js';

const isObject = (v: unknown): v is Record<string, JsonValue> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A JSON pointer token (RFC 6901: `~` → `~0`, `/` → `~1`). */
const token = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');

/** True when two JSON values are equal (object member order does not matter). */
export function jsonEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => jsonEqual(item, b[i]))
    );
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (!jsonEqual(a[key], b[key])) return false;
  return true;
}

/**
 * The field-level difference between two settings documents: one change per leaf that differs, by
 * JSON pointer, in key order. Objects are descended into; arrays and scalars compare as whole values
 * (a list of role ids changed is one change, as the dashboard shows it).
 */
export function diffSettings(
  before: JsonValue | undefined,
  after: JsonValue | undefined,
  path = '',
): FieldChange[] {
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => diffSettings(before[key], after[key], `${path}/${token(key)}`));
  }
  if (jsonEqual(before, after)) return [];
  return [
    {
      path,
      ...(before === undefined ? {} : { before }),
      ...(after === undefined ? {} : { after }),
    },
  ];
}
