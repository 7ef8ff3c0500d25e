// The environment variables each service reads, from its own parser (services/<name>/src/config.ts):
// every exported TypeBox object schema whose name ends in `Schema` (the env schema is the largest).
// Deployment files are checked against it, so a variable a service would silently ignore (a typo,
// a renamed setting) or a required one left out fails a test instead of a rollout.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** What a service's environment parser accepts. */
export interface ServiceEnv {
  /** Every variable the parser reads. */
  readonly names: ReadonlySet<string>;
  /** Variables without a default that the parser requires. */
  readonly required: ReadonlySet<string>;
}

interface ObjectSchema {
  readonly type: 'object';
  readonly properties: Readonly<Record<string, { readonly default?: unknown }>>;
  readonly required?: readonly string[];
}

const isObjectSchema = (value: unknown): value is ObjectSchema =>
  typeof value === 'object' &&
  value !== null &&
  (value as { type?: unknown }).type === 'object' &&
  typeof (value as { properties?: unknown }).properties === 'object';

/**
 * Variables read outside the services' parsers, each with who reads it. `source` names a file or
 * folder that must mention the variable, so the entry cannot outlive its reader.
 */
export const envReadElsewhere: Readonly<
  Record<string, { readonly reader: string; readonly source: string }>
> = {
  SERVICE: {
    reader: "the image's CMD: which dist/services/<SERVICE>/main.mjs runs",
    source: 'deploy/Dockerfile',
  },
};

/** Loads the environment schema of `services/<service>/src/config.ts`. */
export async function serviceEnv(root: string, service: string): Promise<ServiceEnv> {
  const file = resolve(root, 'services', service, 'src', 'config.ts');
  if (!existsSync(file))
    throw new Error(`services/${service}/src/config.ts is missing: no environment parser to check against`);
  const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const schemas = Object.entries(module)
    .filter(([name, value]) => name.endsWith('Schema') && isObjectSchema(value))
    .map(([, value]) => value as ObjectSchema)
    .sort((a, b) => Object.keys(b.properties).length - Object.keys(a.properties).length);
  const schema = schemas[0];
  if (schema === undefined)
    throw new Error(`services/${service}/src/config.ts exports no *Schema object schema`);
  return {
    names: new Set(Object.keys(schema.properties)),
    required: new Set(
      (schema.required ?? []).filter((name) => schema.properties[name]?.default === undefined),
    ),
  };
}

/** Problems with the variables a deployment gives one service (`given`: name → value or undefined when from a secret). */
export function envProblems(
  where: string,
  env: ServiceEnv,
  given: ReadonlyMap<string, string | undefined>,
): string[] {
  const problems: string[] = [];
  for (const name of given.keys())
    if (!env.names.has(name) && envReadElsewhere[name] === undefined)
      problems.push(
        `${where}: ${name} is read by nothing (not in the service's config.ts nor envReadElsewhere)`,
      );
  for (const name of env.required)
    if (!given.has(name)) problems.push(`${where}: ${name} is required by the service and not given`);
  return problems;
}
