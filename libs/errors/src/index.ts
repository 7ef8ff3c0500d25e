export { defineError, isGuildwireError, RemoteError } from './define-error.js';
export { errorCodes } from './error-codes.js';
export { fieldChecker, isUuid, oneOfMessage, validationError } from './field-checker.js';

// Types

export type {
  ErrorDetails,
  FieldError,
  FormatArgs,
  GuildwireError,
  GuildwireErrorConstructor,
  GuildwireErrorOptions,
  WireError,
} from './define-error.js';
export type { GuildwireErrorCode } from './error-codes.js';
export type { FieldChecker, Presence } from './field-checker.js';
