import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

type BuildValidator = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>;

// Every error at once (dashboards show every invalid field), with the failing schema attached so
// that unions and enums can be described in one sentence (validation-errors.ts).
const common = { allErrors: true, verbose: true, useDefaults: true, removeAdditional: false } as const;

/**
 * Validation as strict as the published OpenAPI. Bodies are JSON and get no type coercion: `123` is
 * not the string `"123"`, `"x"` is not `["x"]`, and a property the schema does not declare is a 400
 * naming it (never silently dropped). Query strings, path parameters and headers are text by nature
 * and keep coercion (`?limit=5` is the integer 5, `?status=open` the array `["open"]`).
 */
export const strictValidators: BuildValidator = (externalSchemas, serverOptions) => {
  const factory = AjvCompiler();
  const plugins = serverOptions?.plugins ?? [];
  const body = factory(externalSchemas, { customOptions: { ...common, coerceTypes: false }, plugins });
  const text = factory(externalSchemas, { customOptions: { ...common, coerceTypes: 'array' }, plugins });
  return (route) => finiteOnly(route.httpPart === 'body' ? body(route) : text(route));
};

type Validate = ReturnType<ReturnType<BuildValidator>>;

/**
 * Ajv takes `1e309` (a JSON number, or a query string it coerces) as Infinity and lets it through
 * an integer schema with a maximum; no route can use a number that is not finite, so a value that
 * passed is refused when it holds one (400 naming the field), before a handler sees it.
 */
function finiteOnly(validate: Validate): Validate {
  const checked = ((data: unknown) => {
    const ok = validate(data);
    errorsOf(checked).errors = errorsOf(validate).errors;
    if (ok !== true) return ok;
    const path = nonFinitePath(data);
    if (path === undefined) return true;
    errorsOf(checked).errors = [
      {
        keyword: 'type',
        instancePath: path,
        schemaPath: '#',
        params: {},
        message: 'must be a finite number',
      },
    ];
    return false;
  }) as Validate;
  return checked;
}

/** Where Fastify reads a validator's errors from (Ajv's convention: a property of the function). */
const errorsOf = (validate: Validate) => validate as unknown as { errors?: unknown };

/** The JSON pointer of the first number in `data` that is not finite, if any. */
function nonFinitePath(data: unknown): string | undefined {
  const stack: Array<[unknown, string]> = [[data, '']];
  while (stack.length > 0) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'number' && !Number.isFinite(value)) return path;
    if (value !== null && typeof value === 'object')
      for (const [key, child] of Object.entries(value))
        stack.push([child, `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`]);
  }
  return undefined;
}
