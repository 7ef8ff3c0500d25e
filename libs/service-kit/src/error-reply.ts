import { type Static, Type } from '@sinclair/typebox';
import type { FastifySchemaValidationError } from 'fastify';
import { type FieldError, type GuildwireError, isGuildwireError } from './define-error.js';
import { errorCodes } from './error-codes.js';
import { toAuthError } from './token-errors.js';

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
  validation?: FastifySchemaValidationError[];
  validationContext?: string;
};

/** Classifies any thrown value as a Guildwire error; unknown ones become GW_ERR_INTERNAL (never leaked). */
export function toGuildwireError(
  thrown: unknown,
  request: { readonly bodyLimit: number; readonly contentType?: string | undefined },
): GuildwireError {
  if (isGuildwireError(thrown)) return thrown;
  const err = (thrown instanceof Error ? thrown : new Error(String(thrown))) as FrameworkError;
  const code = err.code ?? '';
  if (err.validation) {
    const details = err.validation.map(toFieldError);
    const first = details[0];
    const context = err.validationContext ?? 'body';
    const summary = first === undefined ? context : `${context}: ${first.field || '/'} ${first.message}`;
    return new errorCodes.GW_ERR_VALIDATION(summary, { cause: err }).withDetails(details);
  }
  if (code.startsWith('FAST_JWT_')) return toAuthError(err);
  const status = err.statusCode ?? 500;
  if (status >= 500 || status < 400) return new errorCodes.GW_ERR_INTERNAL({ cause: err });
  switch (status) {
    case 401:
      return new errorCodes.GW_ERR_UNAUTHORIZED(err.message, { cause: err });
    case 403:
      return new errorCodes.GW_ERR_FORBIDDEN(err.message, { cause: err });
    case 404:
      return new errorCodes.GW_ERR_NOT_FOUND('Resource', { cause: err });
    case 405:
      return new errorCodes.GW_ERR_METHOD_NOT_ALLOWED({ cause: err });
    case 406:
      return new errorCodes.GW_ERR_NOT_ACCEPTABLE({ cause: err });
    case 409:
      return new errorCodes.GW_ERR_CONFLICT(err.message, { cause: err });
    case 412:
      return new errorCodes.GW_ERR_STALE_VERSION(err.message, { cause: err });
    case 413:
      return new errorCodes.GW_ERR_PAYLOAD_TOO_LARGE(request.bodyLimit, { cause: err });
    case 415:
      return new errorCodes.GW_ERR_UNSUPPORTED_MEDIA_TYPE((request.contentType ?? 'none').slice(0, 100), {
        cause: err,
      });
    case 429:
      return new errorCodes.GW_ERR_RATE_LIMITED({ cause: err });
    default:
      // Framework 4xx messages describe the request ("Body cannot be empty…"), not the server.
      return new errorCodes.GW_ERR_BAD_REQUEST(err.message, { cause: err });
  }
}

function toFieldError(issue: FastifySchemaValidationError): FieldError {
  const params = issue.params as Partial<Record<string, unknown>>;
  const child = params.missingProperty ?? params.additionalProperty;
  const field = typeof child === 'string' ? `${issue.instancePath}/${child}` : issue.instancePath;
  return { field, message: issue.message ?? issue.keyword };
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
