import createError from '@fastify/error';

/** One field-level problem in a rejected request, e.g. `{ field: '/subject', message: '…' }`. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** Extra, client-safe data attached to an error reply (field errors or any JSON object). */
export type ErrorDetails = readonly FieldError[] | Readonly<Record<string, unknown>>;

/** Options accepted after the message arguments of a defined error. */
export interface GuildwireErrorOptions {
  readonly cause?: unknown;
}

// Shared prototype of every defined error: lets the error handler trust code, status and message,
// and gives services a fluent way to attach details without a second constructor signature.
class GuildwireErrorBase extends Error {
  details?: ErrorDetails;

  withDetails(details: ErrorDetails): this {
    this.details = details;
    return this;
  }
}

/** An error created from a constructor returned by `defineError`. */
export interface GuildwireError<C extends string = string> extends Error {
  readonly code: C;
  readonly statusCode: number;
  details?: ErrorDetails;
  /** Attaches client-safe details (returned as `error.details`) and returns the same error. */
  withDetails(details: ErrorDetails): this;
}

type FormatDirective = 's' | 'd' | 'i' | 'f' | 'j' | 'o' | 'O';

/** The message arguments a printf-style template needs, one per `%s`-like directive. */
export type FormatArgs<M extends string> = M extends `${string}%${FormatDirective}${infer Rest}`
  ? [string | number | bigint, ...FormatArgs<Rest>]
  : [];

/** Constructor (callable with or without `new`) of one stable error code. */
export interface GuildwireErrorConstructor<C extends string, M extends string> {
  new (...args: [...FormatArgs<M>, options?: GuildwireErrorOptions]): GuildwireError<C>;
  (...args: [...FormatArgs<M>, options?: GuildwireErrorOptions]): GuildwireError<C>;
  readonly prototype: GuildwireError<C>;
}

const codePattern = /^[A-Z][A-Z0-9]*_ERR_[A-Z0-9_]+$/;

/** Declares a stable `<AREA>_ERR_<NAME>` code with its HTTP status and printf-style message. */
export function defineError<const C extends string, const M extends string>(
  code: C,
  statusCode: number,
  message: M,
): GuildwireErrorConstructor<C, M> {
  if (!codePattern.test(code)) throw new TypeError(`error code ${code} must look like AREA_ERR_NAME`);
  if (!Number.isInteger(statusCode) || statusCode < 400 || statusCode > 599) {
    throw new TypeError(`error ${code} needs a 4xx or 5xx status (got ${statusCode})`);
  }
  return createError(
    code,
    message,
    statusCode,
    GuildwireErrorBase as unknown as ErrorConstructor,
  ) as unknown as GuildwireErrorConstructor<C, M>;
}

/** True for errors built by a `defineError` constructor (their code, status and message are client-safe). */
export function isGuildwireError(err: unknown): err is GuildwireError {
  return err instanceof GuildwireErrorBase;
}
