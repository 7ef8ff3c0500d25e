import type { FieldError } from '@guildwire/service-kit';
import { ticketErrors } from '../errors.js';
import { limits } from './limits.js';

/** Collects field errors of one request and throws them together (dashboards show every field). */
export interface FieldChecker {
  text(field: string, value: string | undefined, max: number, options?: { required?: boolean }): void;
  snowflake(field: string, value: string | undefined, options?: { required?: boolean }): void;
  uuid(field: string, value: string | undefined, options?: { required?: boolean }): void;
  tags(field: string, value: readonly string[] | undefined): void;
  check(field: string, ok: boolean, message: string): void;
  /** Throws TICKET_ERR_VALIDATION with every collected field error, if any. */
  done(): void;
}

const snowflake = /^[0-9]{1,20}$/;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Starts collecting field errors. */
export function fieldChecker(): FieldChecker {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field: `/${field}`, message });
  return {
    text(field, value, max, options = {}) {
      if (value === undefined || value === '') {
        if (options.required) add(field, 'is required');
        return;
      }
      if (options.required && value.trim() === '') add(field, 'must not be blank');
      else if (value.length > max) add(field, `must be at most ${max} characters`);
    },
    snowflake(field, value, options = {}) {
      if (value === undefined || value === '') {
        if (options.required) add(field, 'is required');
      } else if (!snowflake.test(value)) add(field, 'must be a Discord id');
    },
    uuid(field, value, options = {}) {
      if (value === undefined || value === '') {
        if (options.required) add(field, 'is required');
      } else if (!uuid.test(value)) add(field, 'must be a UUID');
    },
    tags(field, value) {
      if (value === undefined) return;
      if (value.length > limits.tags) add(field, `must have at most ${limits.tags} tags`);
      value.forEach((tag, i) => {
        if (tag.trim() === '' || tag.length > limits.tag)
          add(`${field}/${i}`, `must be 1 to ${limits.tag} characters`);
      });
    },
    check(field, ok, message) {
      if (!ok) add(field, message);
    },
    done() {
      if (errors.length === 0) return;
      const first = errors[0]!;
      throw new ticketErrors.TICKET_ERR_VALIDATION(`${first.field} ${first.message}`).withDetails(errors);
    },
  };
}

/** True for a UUID in canonical text form (ticket, panel, attachment ids). */
export function isUuid(value: string): boolean {
  return uuid.test(value);
}
