/** One field's error, by JSON pointer (`/workingHours/timeZone`), as the services report them. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** A failed HTTP call, in the services' one error shape, with what a page needs to show it. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown,
  ) {
    super(message);
  }

  /** Field errors of a 400 (empty for other errors). */
  get fieldErrors(): readonly FieldError[] {
    if (!Array.isArray(this.details)) return [];
    return this.details.filter(
      (d): d is FieldError =>
        typeof d === 'object' && d !== null && typeof d.field === 'string' && typeof d.message === 'string',
    );
  }

  /** The write was based on a version someone else has changed since (409 version conflict, 412 stale). */
  get isConflict(): boolean {
    return this.status === 412 || this.code === 'GW_ERR_STALE_VERSION' || this.code === 'GW_ERR_CONFLICT';
  }
}

/** A network failure (service down, CORS, offline): no answer at all. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  constructor(
    readonly url: string,
    options: { cause: unknown },
  ) {
    super(`could not reach ${new URL(url).host}: is the service running?`, options);
  }
}

/** Reads the services' `{error: {code, message, details}}`, or makes one from the status. */
export async function apiErrorOf(response: Response, body?: unknown): Promise<ApiError> {
  let parsed = body;
  if (parsed === undefined) parsed = await response.json().catch(() => undefined);
  const error = (parsed as { error?: { code?: unknown; message?: unknown; details?: unknown } } | undefined)
    ?.error;
  if (error && typeof error.code === 'string' && typeof error.message === 'string')
    return new ApiError(response.status, error.code, error.message, error.details);
  return new ApiError(
    response.status,
    `HTTP_${response.status}`,
    response.statusText || 'request failed',
    undefined,
  );
}

/** A sentence a person can act on, for any error a page may meet. */
export function readableError(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.isConflict) return 'Changed by someone else — reload to see the current version.';
    if (error.status === 401) return 'Your session has ended; sign in again.';
    if (error.status === 403) return `Not allowed: ${error.message}`;
    if (error.status === 404) return `Not found: ${error.message}`;
    if (error.status === 429) return `Too many requests: ${error.message}`;
    if (error.status >= 500) return `The service failed (${error.code}): ${error.message}`;
    return error.message;
  }
  if (error instanceof NetworkError) return error.message;
  return error instanceof Error ? error.message : String(error);
}
