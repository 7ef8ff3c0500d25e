import { type Static, type TObject, Type } from 'typebox';
import Value from 'typebox/value';

/**
 * One settings module (`tickets`, `giveaways`...): its name, a title and description for the
 * dashboard, and its schema. Every field of the schema carries its default and its constraints, so
 * the schema alone renders and checks the dashboard's form, and `defaults` is derived from it.
 */
export interface SettingsModule<Name extends string = string, S extends TObject = TObject> {
  readonly name: Name;
  readonly title: string;
  readonly description: string;
  readonly schema: S;
  /** Every field at its default value (frozen). */
  readonly defaults: Static<S>;
}

const moduleName = /^[a-z][a-z0-9_]*$/;

/** Declares a module; its name must be a lower-case token, its schema closed (no unknown fields). */
export function defineSettingsModule<const Name extends string, S extends TObject>(
  name: Name,
  info: { readonly title: string; readonly description: string },
  schema: S,
): SettingsModule<Name, S> {
  if (!moduleName.test(name)) throw new Error(`bad settings module name ${name}`);
  if ((schema as { additionalProperties?: unknown }).additionalProperties !== false) {
    throw new Error(`settings module ${name}: its schema must set additionalProperties: false`);
  }
  const defaults = Value.Default(schema, {}) as Static<S>;
  if (!Value.Check(schema, defaults)) {
    const first = [...Value.Errors(schema, defaults)][0];
    throw new Error(
      `settings module ${name}: defaults do not pass the schema (${first?.instancePath} ${first?.message})`,
    );
  }
  return Object.freeze({ ...info, name, schema, defaults: deepFreeze(defaults) });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** A Discord id (channel, role, category): 17 to 20 digits. */
export const Snowflake = (options: { description?: string } = {}) =>
  Type.String({ pattern: '^[0-9]{17,20}$', ...options });

/** A Discord id, or '' for "none". */
export const OptionalSnowflake = (description: string) =>
  Type.String({ pattern: '^([0-9]{17,20})?$', default: '', description });

/** A list of distinct Discord ids. */
export const SnowflakeList = (description: string, maxItems = 25) =>
  Type.Array(Snowflake(), { uniqueItems: true, maxItems, default: [], description });

/** One of a few literal strings, with its default. */
export const OneOf = <const T extends readonly [string, ...string[]]>(
  values: T,
  options: { default: T[number]; description: string },
) =>
  Type.Unsafe<T[number]>(
    Type.Union(
      values.map((v) => Type.Literal(v)),
      options,
    ),
  );
