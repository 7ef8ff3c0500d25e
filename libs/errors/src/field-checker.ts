import type { FieldError, GuildwireError } from './define-error.js';
import { errorCodes } from './error-codes.js';

/** Whether a field must be given (a proto3 zero value or '' counts as not given). */
export interface Presence {
  readonly required?: boolean;
}

/**
 * Collects every field error of one request and throws them together (dashboards and bots show
 * every invalid field, not the first one found). Field names are JSON pointers without the slash.
 */
export interface FieldChecker {
  text(field: string, value: string | undefined, max: number, options?: Presence): FieldChecker;
  snowflake(field: string, value: string | undefined, options?: Presence): FieldChecker;
  uuid(field: string, value: string | undefined, options?: Presence): FieldChecker;
  /** `value` must be one of `allowed` (the message lists them once). */
  oneOf(field: string, value: unknown, allowed: readonly unknown[], options?: Presence): FieldChecker;
  check(field: string, ok: boolean, message: string): FieldChecker;
  /** Throws GW_ERR_VALIDATION with every collected field error, if any. */
  done(): void;
}

const snowflake = /^[0-9]{1,20}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const absent = (value: unknown) => value === undefined || value === '' || value === null;

/** The GW_ERR_VALIDATION error for `errors`, summarised by the first one. */
export function validationError(errors: readonly FieldError[], context = ''): GuildwireError {
  const first = errors[0];
  const where = context === '' ? '' : `${context}: `;
  const summary = first === undefined ? context : `${where}${first.field || '/'} ${first.message}`;
  return new errorCodes.GW_ERR_VALIDATION(summary).withDetails(errors);
}

/** "must be one of a, b, c", the one message for every enum and union of constants. */
export function oneOfMessage(allowed: readonly unknown[]): string {
  return `must be one of ${allowed.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ')}`;
}

/** Starts collecting field errors. */
export function fieldChecker(): FieldChecker {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field: `/${field}`, message });
  const given = (field: string, value: unknown, options: Presence): boolean => {
    if (!absent(value)) return true;
    if (options.required) add(field, 'is required');
    return false;
  };
  const checker: FieldChecker = {
    text(field, value, max, options = {}) {
      if (!given(field, value, options)) return checker;
      if (options.required && value!.trim() === '') add(field, 'must not be blank');
      else if (value!.length > max) add(field, `must be at most ${max} characters`);
      return checker;
    },
    snowflake(field, value, options = {}) {
      if (given(field, value, options) && !snowflake.test(value!)) add(field, 'must be a Discord id');
      return checker;
    },
    uuid(field, value, options = {}) {
      if (given(field, value, options) && !uuid.test(value!)) add(field, 'must be a UUID');
      return checker;
    },
    oneOf(field, value, allowed, options = {}) {
      if (given(field, value, options) && !allowed.includes(value)) add(field, oneOfMessage(allowed));
      return checker;
    },
    check(field, ok, message) {
      if (!ok) add(field, message);
      return checker;
    },
    done() {
      if (errors.length > 0) throw validationError(errors);
    },
  };
  return checker;
}

/** True for a UUID in canonical text form. */
export function isUuid(value: string): boolean {
  return uuid.test(value);
}
