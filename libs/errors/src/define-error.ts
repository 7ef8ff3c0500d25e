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

// Shared prototype of every Guildwire error: lets HTTP error handlers and the NATS command server
// trust code, status and message, and gives callers a fluent way to attach details.
class GuildwireErrorBase extends Error {
  details?: ErrorDetails;

  withDetails(details: ErrorDetails): this {
    this.details = details;
    return this;
  }
}

/** An error created from a constructor returned by `defineError` (or received over the wire). */
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
  readonly code: C;
  readonly statusCode: number;
}

const codePattern = /^[A-Z][A-Z0-9]*_ERR_[A-Z0-9_]+$/;

function checkStatus(code: string, statusCode: number): void {
  if (!Number.isInteger(statusCode) || statusCode < 400 || statusCode > 599) {
    throw new TypeError(`error ${code} needs a 4xx or 5xx status (got ${statusCode})`);
  }
}

/** Declares a stable `<AREA>_ERR_<NAME>` code with its HTTP status and printf-style message. */
export function defineError<const C extends string, const M extends string>(
  code: C,
  statusCode: number,
  message: M,
): GuildwireErrorConstructor<C, M> {
  if (!codePattern.test(code)) throw new TypeError(`error code ${code} must look like AREA_ERR_NAME`);
  checkStatus(code, statusCode);
  const ctor = createError(code, message, statusCode, GuildwireErrorBase as unknown as ErrorConstructor);
  return Object.assign(ctor, { code, statusCode }) as unknown as GuildwireErrorConstructor<C, M>;
}

/** True for errors built by a `defineError` constructor or received over the wire (client-safe). */
export function isGuildwireError(err: unknown): err is GuildwireError {
  return err instanceof GuildwireErrorBase;
}

/** What a remote service answered with (a NATS command's typed error reply). */
export interface WireError {
  readonly code: string;
  readonly statusCode: number;
  readonly message: string;
  readonly details?: ErrorDetails | undefined;
}

/**
 * A Guildwire error another service answered with: same code, status, message and details, so a
 * caller may pass it on (an HTTP route answers with it unchanged) or branch on `code`.
 */
export class RemoteError extends GuildwireErrorBase implements GuildwireError {
  override name = 'RemoteError';
  readonly code: string;
  readonly statusCode: number;

  constructor(wire: WireError, options?: GuildwireErrorOptions) {
    super(wire.message, options);
    this.code = codePattern.test(wire.code) ? wire.code : 'GW_ERR_INTERNAL';
    this.statusCode = wire.statusCode >= 400 && wire.statusCode <= 599 ? wire.statusCode : 500;
    if (wire.details !== undefined) this.details = wire.details;
  }
}
