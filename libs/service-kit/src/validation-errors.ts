import { type FieldError, oneOfMessage } from '@guildwire/errors';

/** An Ajv error as Fastify hands it over (`verbose` on: the failing schema rides along). */
export interface SchemaIssue {
  readonly keyword: string;
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string | undefined;
  readonly parentSchema?: unknown;
}

type Schema = Readonly<Record<string, unknown>>;

/**
 * Field errors a person can read: one per field and problem. An enum or a union of constants says
 * once which values it takes ("must be one of open, claimed, closed") instead of one complaint per
 * alternative; an unknown property is named; a missing one is named at its own path.
 */
export function fieldErrorsOf(issues: readonly SchemaIssue[]): FieldError[] {
  const unions = issues.filter((i) => i.keyword === 'anyOf' || i.keyword === 'oneOf');
  const insideUnion = (issue: SchemaIssue) =>
    unions.some(
      (u) =>
        u !== issue &&
        issue.schemaPath.startsWith(`${u.schemaPath}/`) &&
        issue.instancePath.startsWith(u.instancePath),
    );
  const seen = new Set<string>();
  const errors: FieldError[] = [];
  for (const issue of issues) {
    if (insideUnion(issue)) continue;
    const error = describe(issue);
    const key = `${error.field}\u0000${error.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors.push(error);
  }
  return errors;
}

function describe(issue: SchemaIssue): FieldError {
  const { params, instancePath } = issue;
  switch (issue.keyword) {
    case 'required':
      return { field: `${instancePath}/${String(params.missingProperty)}`, message: 'is required' };
    case 'additionalProperties':
      return { field: `${instancePath}/${String(params.additionalProperty)}`, message: 'is not allowed' };
    case 'enum':
      return { field: instancePath, message: oneOfMessage(asArray(params.allowedValues)) };
    case 'const':
      return { field: instancePath, message: oneOfMessage([params.allowedValue]) };
    case 'anyOf':
    case 'oneOf':
      return { field: instancePath, message: unionMessage(issue) };
    default:
      return { field: instancePath, message: issue.message ?? issue.keyword };
  }
}

function unionMessage(issue: SchemaIssue): string {
  const parent = issue.parentSchema as Schema | undefined;
  const alternatives = asArray(parent?.[issue.keyword]) as Schema[];
  if (alternatives.length === 0) return issue.message ?? 'is not a valid value';
  const constants = alternatives.flatMap((s) =>
    'const' in s ? [s.const] : Array.isArray(s.enum) ? (s.enum as unknown[]) : [undefined],
  );
  if (!constants.includes(undefined)) return oneOfMessage(constants);
  return `must be ${alternatives.map(alternative).join(' or ')}`;
}

// "a string", "a date-time string", "null", "one of a, b"
function alternative(schema: Schema): string {
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.enum)) return oneOfMessage(schema.enum).replace(/^must be /, '');
  const type = typeof schema.type === 'string' ? schema.type : 'value';
  if (type === 'null') return 'null';
  const format = typeof schema.format === 'string' ? `${schema.format} ` : '';
  return `${/^[aeiou]/.test(format || type) ? 'an' : 'a'} ${format}${type}`;
}

const asArray = (value: unknown): readonly unknown[] => (Array.isArray(value) ? value : []);
