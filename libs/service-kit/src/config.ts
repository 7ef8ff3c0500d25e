import { errorCodes } from '@guildwire/errors';
import envSchema from 'env-schema';
import type { Static, TSchema } from 'typebox';

/** A configuration value is missing or invalid; the message names the variable. */
export const ConfigError = errorCodes.GW_ERR_CONFIG;

/** Environment variables as `process.env` holds them. */
export type Environment = Readonly<Record<string, string | undefined>>;

interface AjvIssue {
  readonly keyword: string;
  readonly instancePath: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

// Values of these variables never appear in an error message (it is logged and printed).
const sensitiveName = /SECRET|PASSWORD|TOKEN|PRIVATE|KEY|DATABASE_URL|_DSN$/i;

function describe(issue: AjvIssue, env: Environment): string {
  if (issue.keyword === 'required') return `${String(issue.params.missingProperty)} is required`;
  const name = issue.instancePath.split('/')[1] ?? 'configuration';
  const raw = env[name];
  const got =
    raw === undefined
      ? ''
      : sensitiveName.test(name)
        ? ' (got a hidden value)'
        : ` (got ${JSON.stringify(raw)})`;
  const allowed = Array.isArray(issue.params.allowedValues)
    ? `: ${issue.params.allowedValues.join(', ')}`
    : '';
  return `${name} ${issue.message ?? 'is invalid'}${allowed}${got}`;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** Parses env once (defaults, coercion) into a frozen object; a ConfigError names each bad variable. */
export function loadConfig<S extends TSchema>(
  schema: S,
  env: Environment = process.env,
): Readonly<Static<S>> {
  let config: unknown;
  try {
    // env-schema sets additionalProperties on the schema it gets: hand it a copy.
    config = envSchema({ schema: { ...schema }, data: { ...env }, env: false, dotenv: false });
  } catch (err) {
    const issues = (err as { errors?: AjvIssue[] }).errors;
    if (!Array.isArray(issues)) throw err;
    const problems = [...new Set(issues.map((issue) => describe(issue, env)))];
    throw new ConfigError(problems.join('; '), { cause: err }).withDetails({ problems });
  }
  return deepFreeze(config as Static<S>);
}
