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
  return (route) => (route.httpPart === 'body' ? body(route) : text(route));
};
