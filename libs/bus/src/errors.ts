import type { FieldError } from '@guildwire/contracts';

/** A command handler throws this to answer with a typed error (code, message, field errors). */
export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    readonly fieldErrors: ReadonlyArray<{ field: string; message: string }> = [],
  ) {
    super(message);
  }
}

/** The service answered a request with a typed error. */
export class CommandRejectedError extends Error {
  override name = 'CommandRejectedError';
  constructor(
    readonly subject: string,
    readonly code: string,
    message: string,
    readonly status: number,
    readonly fieldErrors: readonly FieldError[],
  ) {
    super(message);
  }
}

/** No reply arrived before the request's deadline. */
export class CommandTimeoutError extends Error {
  override name = 'CommandTimeoutError';
  constructor(
    readonly subject: string,
    timeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(`no reply on ${subject} within ${timeoutMs} ms`, options);
  }
}

/** Nothing listens on the command's subject (the service is down or not deployed). */
export class NoResponderError extends Error {
  override name = 'NoResponderError';
  constructor(
    readonly subject: string,
    options?: ErrorOptions,
  ) {
    super(`no service answers ${subject}`, options);
  }
}

/** A consumer handler throws this for a message that can never succeed: it is terminated, not retried. */
export class TerminalHandlerError extends Error {
  override name = 'TerminalHandlerError';
}
