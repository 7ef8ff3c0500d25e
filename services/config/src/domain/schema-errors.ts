import type { JsonObject } from '@bufbuild/protobuf';
import type { SettingsModule } from '@guildwire/contracts';
import type { FieldError } from '@guildwire/errors';
import { fieldErrorsOf, type SchemaIssue } from '@guildwire/service-kit';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

// Every error at once (the dashboard marks every invalid field), with the failing schema attached
// so that enums and unions read as one sentence — the options the HTTP validator of service-kit
// uses, so a settings error reads like any other validation error. No coercion, no defaults here:
// the use cases fill defaults explicitly before validating.
const ajv = new Ajv({ allErrors: true, verbose: true, strict: false, coerceTypes: false });
const compiled = new Map<string, ValidateFunction>();

// The formats the module schemas use, said the way a person reads them.
const patternMessages: Readonly<Record<string, string>> = {
  '^[0-9]{17,20}$': 'must be a Discord id (17 to 20 digits)',
  '^([0-9]{17,20})?$': 'must be a Discord id (17 to 20 digits) or empty',
  '^([01][0-9]|2[0-3]):[0-5][0-9]$': 'must be a time of day, HH:MM (24-hour clock)',
};

function readable(issue: ErrorObject): SchemaIssue {
  if (issue.keyword === 'pattern') {
    const message = patternMessages[String(issue.params.pattern)];
    if (message) return { ...issue, message };
  }
  if (issue.keyword === 'uniqueItems') return { ...issue, message: 'must not list an item twice' };
  return issue;
}

/** The JSON Schema errors of `settings` against the module's schema, as field errors by JSON pointer. */
export function schemaErrors(module: SettingsModule, settings: JsonObject): FieldError[] {
  let validate = compiled.get(module.name);
  if (!validate) {
    validate = ajv.compile(module.schema);
    compiled.set(module.name, validate);
  }
  if (validate(settings)) return [];
  return fieldErrorsOf((validate.errors ?? []).map(readable));
}
