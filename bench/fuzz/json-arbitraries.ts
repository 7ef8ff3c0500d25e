// Values for a JSON schema (the OpenAPI documents' TypeBox schemas): ones that fit it, and the
// malformed kinds a client can send — wrong types, missing required fields, extra fields, huge and
// odd strings, deep nesting, numbers at the edges.
import fc from 'fast-check';

/** The part of JSON Schema the services' OpenAPI documents use. */
export interface JsonSchema {
  readonly type?: string | readonly string[];
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly items?: JsonSchema;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly anyOf?: readonly JsonSchema[];
  readonly oneOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly nullable?: boolean;
  readonly $ref?: string;
}

const snowflake = fc.bigInt({ min: 10n ** 16n, max: 10n ** 19n - 1n }).map(String);

/** Strings a server may choke on: empty, huge, control and astral characters, injections, ids. */
export const oddString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    'null',
    'undefined',
    '-1',
    '0',
    '1e309',
    'NaN',
    '9223372036854775808',
    '99999999999999999999999999',
    '../../etc/passwd',
    '%00',
    '%',
    "'; DROP TABLE tickets; --",
    '<script>alert(1)</script>',
    '\uD800',
    '\uFFFF',
    '😀'.repeat(50),
    'a'.repeat(70_000),
    '\u202Eevil',
    '{"op":"x"}',
    '00000000-0000-0000-0000-000000000000',
    'ffffffff-ffff-ffff-ffff-ffffffffffff',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ maxLength: 3000 }),
  fc.uuid(),
  snowflake,
);

/** Numbers at the edges: negatives, huge, fractions, beyond 2^53. */
const oddNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(-1, 0, 0.5, -0, 1e308, -1e308, 2 ** 53, 2 ** 63, 2 ** 31, -(2 ** 31) - 1, 1e-300),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Any JSON value, deep ones included. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.nat({ max: 300 }).map((depth) => deepNest(depth)),
  oddString,
  oddNumber,
);

/** JSON text nested deeper than a recursive parser's stack (sent as text: building it as a value would overflow here). */
export const deepJsonText: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1000, max: 200_000 }), fc.boolean())
  .map(([n, arrays]) =>
    arrays ? `${'['.repeat(n)}${']'.repeat(n)}` : `${'{"a":'.repeat(n)}1${'}'.repeat(n)}`,
  );

function deepNest(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

function typesOf(schema: JsonSchema): readonly string[] {
  if (schema.type === undefined) return [];
  return typeof schema.type === 'string' ? [schema.type] : schema.type;
}

/** A value that fits `schema` (roughly: patterns are not honoured, formats only for the common ones). */
export function fitting(schema: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives && alternatives.length > 0)
    return fc.oneof(...alternatives.map((s) => fitting(s, depth + 1)));
  if (schema.allOf && schema.allOf.length > 0) return fitting(schema.allOf[0]!, depth + 1);
  const types = typesOf(schema);
  const type = types.find((t) => t !== 'null') ?? (schema.properties ? 'object' : undefined);
  switch (type) {
    case 'string':
      return stringFitting(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: schema.minimum ?? 0, max: schema.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return depth > 4
        ? fc.constant([])
        : fc.array(fitting(schema.items ?? {}, depth + 1), {
            minLength: schema.minItems ?? 0,
            maxLength: Math.min(schema.maxItems ?? 3, 3),
          });
    case 'object': {
      if (depth > 4) return fc.constant({});
      const props = schema.properties ?? {};
      const required = new Set(schema.required ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [name, prop] of Object.entries(props)) model[name] = fitting(prop, depth + 1);
      return fc.record(model, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringFitting(schema: JsonSchema): fc.Arbitrary<string> {
  const pattern = schema.pattern ?? '';
  if (pattern.includes('0-9') && pattern.includes('{')) return snowflake;
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'date-time') return fc.date({ noInvalidDate: true }).map((d) => d.toISOString());
  const min = schema.minLength ?? 0;
  const max = Math.min(schema.maxLength ?? 40, Math.max(min, 40));
  return fc.string({ minLength: min, maxLength: max });
}

/** The same value with one thing wrong in it (or, sometimes, nothing wrong). */
export function malformed(schema: JsonSchema): fc.Arbitrary<unknown> {
  const props = Object.keys(schema.properties ?? {});
  const base = fitting(schema);
  const mutations: fc.Arbitrary<unknown>[] = [base, anyJson];
  if (props.length > 0) {
    const prop = fc.constantFrom(...props);
    const asObject = base.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
    // One field with a value of another type, or odd.
    mutations.push(
      fc.tuple(asObject, prop, anyJson).map(([value, key, wrong]) => ({ ...value, [key]: wrong })),
    );
    // A required field missing.
    if ((schema.required ?? []).length > 0)
      mutations.push(
        fc
          .tuple(asObject, fc.constantFrom(...schema.required!))
          .map(([value, key]) => Object.fromEntries(Object.entries(value).filter(([k]) => k !== key))),
      );
    // A field that does not exist, and prototype keys.
    mutations.push(
      fc
        .tuple(asObject, fc.constantFrom('__proto__', 'constructor', 'extra', 'id', 'version'), anyJson)
        .map(([value, key, extra]) =>
          JSON.parse(
            JSON.stringify({ ...value })
              .replace(/^\{/, `{${JSON.stringify(key)}:${JSON.stringify(extra ?? null)},`)
              .replace(/,\}$/, '}'),
          ),
        ),
    );
    // Every string field odd.
    mutations.push(
      fc
        .tuple(asObject, oddString)
        .map(([value, odd]) =>
          Object.fromEntries(Object.entries(value).map(([k, v]) => [k, typeof v === 'string' ? odd : v])),
        ),
    );
  }
  return fc.oneof(...mutations);
}
