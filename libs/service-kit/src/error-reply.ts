import { errorCodes, type GuildwireError, isGuildwireError, validationError } from '@guildwire/errors';
import { type Static, Type } from 'typebox';
import { toAuthError } from './token-errors.js';
import { fieldErrorsOf, type SchemaIssue } from './validation-errors.js';

/** JSON schema of every error body, for routes that document their error responses. */
export const ErrorResponseSchema = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Stable error code, e.g. GW_ERR_VALIDATION' }),
      message: Type.String(),
      details: Type.Optional(Type.Unknown()),
    }),
  },
  { description: 'Error' },
);

/** The one error body shape of every Guildwire HTTP API. */
export type ErrorResponse = Static<typeof ErrorResponseSchema>;

type FrameworkError = Error & {
  code?: string;
  statusCode?: number;
  validation?: SchemaIssue[];
  validationContext?: string;
};

/** What the classification needs to know about the request. */
export interface RequestFacts {
  readonly bodyLimit: number;
  readonly contentType?: string | undefined;
}

/** Classifies any thrown value as a Guildwire error; unknown ones become GW_ERR_INTERNAL (never leaked). */
export function toGuildwireError(thrown: unknown, request: RequestFacts): GuildwireError {
  if (isGuildwireError(thrown)) return thrown;
  const err = (thrown instanceof Error ? thrown : new Error(String(thrown))) as FrameworkError;
  const code = err.code ?? '';
  if (err.validation) {
    const invalid = validationError(fieldErrorsOf(err.validation), err.validationContext ?? 'body');
    return Object.assign(invalid, { cause: err });
  }
  if (code.startsWith('FAST_JWT_')) return toAuthError(err);
  const status = err.statusCode ?? 500;
  if (status >= 500 || status < 400) return new errorCodes.GW_ERR_INTERNAL({ cause: err });
  const cause = { cause: err };
  switch (status) {
    case 401:
      return new errorCodes.GW_ERR_UNAUTHORIZED(err.message, cause);
    case 403:
      return new errorCodes.GW_ERR_FORBIDDEN(err.message, cause);
    case 404:
      return new errorCodes.GW_ERR_NOT_FOUND('Resource', cause);
    case 405:
      return new errorCodes.GW_ERR_METHOD_NOT_ALLOWED(cause);
    case 406:
      return new errorCodes.GW_ERR_NOT_ACCEPTABLE(cause);
    case 408:
      return new errorCodes.GW_ERR_REQUEST_TIMEOUT(cause);
    case 409:
      return new errorCodes.GW_ERR_CONFLICT(err.message, cause);
    case 413:
      return new errorCodes.GW_ERR_PAYLOAD_TOO_LARGE(request.bodyLimit, cause);
    case 414:
      return new errorCodes.GW_ERR_URI_TOO_LONG('a path parameter exceeds its maximum length', cause);
    case 415:
      return new errorCodes.GW_ERR_UNSUPPORTED_MEDIA_TYPE(
        (request.contentType ?? 'none').slice(0, 100),
        cause,
      );
    case 429:
      return new errorCodes.GW_ERR_RATE_LIMITED(err.message, cause);
    case 431:
      return new errorCodes.GW_ERR_HEADERS_TOO_LARGE(cause);
    default:
      // Framework 4xx messages describe the request ("Body cannot be empty…"), not the server.
      return new errorCodes.GW_ERR_BAD_REQUEST(err.message, cause);
  }
}

/** The response body for a classified error. */
export function errorBody(err: GuildwireError): ErrorResponse {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details === undefined ? {} : { details: err.details }),
    },
  };
}
