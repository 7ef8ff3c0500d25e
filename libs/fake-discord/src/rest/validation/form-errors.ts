import { discordErrors, type FormErrorEntry, type FormErrorTree } from '../../errors.js';

/** A path into a request body, e.g. ['embeds', 0, 'title']. */
export type FieldPath = readonly (string | number)[];

/** Collects field errors into Discord's Invalid Form Body tree (`{field: {_errors: [...]}}`). */
export interface FormErrors {
  add(path: FieldPath, code: string, message: string): void;
  readonly count: number;
  /** Throws 400 50035 Invalid Form Body when any error was added. */
  throwIfAny(): void;
}

/** Creates an empty error collector. */
export function createFormErrors(): FormErrors {
  const tree: FormErrorTree = {};
  let count = 0;
  return {
    add(path, code, message) {
      let node = tree;
      for (const key of path) {
        const next = node[String(key)];
        if (next === undefined || Array.isArray(next)) {
          const child: FormErrorTree = {};
          node[String(key)] = child;
          node = child;
        } else node = next;
      }
      const list = (node._errors ?? []) as FormErrorEntry[];
      list.push({ code, message });
      node._errors = list;
      count += 1;
    },
    get count() {
      return count;
    },
    throwIfAny() {
      if (count > 0) throw discordErrors.invalidFormBody(tree);
    },
  };
}

/** Length rules of a string field, named as Discord's error codes name them. */
export interface StringRule {
  required?: boolean;
  min?: number;
  max: number;
}

/** Checks a string field; returns it when present and a string. */
export function checkString(
  errors: FormErrors,
  path: FieldPath,
  value: unknown,
  rule: StringRule,
): string | undefined {
  if (value === undefined || value === null) {
    if (rule.required) errors.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    errors.add(path, 'BASE_TYPE_STRING', 'Must be a string.');
    return undefined;
  }
  const min = rule.min ?? 0;
  if (value.length > rule.max || value.length < min) {
    if (min > 0)
      errors.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${rule.max} in length.`);
    else errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${rule.max} or fewer in length.`);
  }
  return value;
}

/** Checks that a field is an array of at most `max` items; returns it (or an empty array). */
export function checkArray(errors: FormErrors, path: FieldPath, value: unknown, max: number): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
    return [];
  }
  if (value.length > max) errors.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
  return value;
}

/** True for plain JSON objects. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body as an object, or Invalid Form Body at the root. */
export function requireBody(body: unknown): Record<string, unknown> {
  if (isRecord(body)) return body;
  throw discordErrors.invalidFormBody({
    _errors: [{ code: 'DICT_TYPE_CONVERT', message: 'Only dictionaries may be used in a DictType' }],
  });
}
