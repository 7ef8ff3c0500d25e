import { defineError } from './define-error.js';

/**
 * The shared GW_ERR_* registry: every service answers with these over HTTP and over NATS commands
 * alike; services add their own domain codes with `defineError`.
 */
export const errorCodes = {
  GW_ERR_BAD_REQUEST: defineError('GW_ERR_BAD_REQUEST', 400, 'Bad request: %s'),
  GW_ERR_VALIDATION: defineError('GW_ERR_VALIDATION', 400, 'Invalid request %s'),
  GW_ERR_UNAUTHORIZED: defineError('GW_ERR_UNAUTHORIZED', 401, 'Authentication required: %s'),
  GW_ERR_TOKEN_INVALID: defineError('GW_ERR_TOKEN_INVALID', 401, 'Invalid token: %s'),
  GW_ERR_TOKEN_EXPIRED: defineError('GW_ERR_TOKEN_EXPIRED', 401, 'Token expired'),
  GW_ERR_FORBIDDEN: defineError('GW_ERR_FORBIDDEN', 403, 'Forbidden: %s'),
  GW_ERR_NOT_FOUND: defineError('GW_ERR_NOT_FOUND', 404, '%s not found'),
  GW_ERR_METHOD_NOT_ALLOWED: defineError('GW_ERR_METHOD_NOT_ALLOWED', 405, 'Method not allowed'),
  GW_ERR_NOT_ACCEPTABLE: defineError('GW_ERR_NOT_ACCEPTABLE', 406, 'Not acceptable'),
  GW_ERR_REQUEST_TIMEOUT: defineError('GW_ERR_REQUEST_TIMEOUT', 408, 'The request was not received in time'),
  GW_ERR_CONFLICT: defineError('GW_ERR_CONFLICT', 409, 'Conflict: %s'),
  GW_ERR_STALE_VERSION: defineError(
    'GW_ERR_STALE_VERSION',
    412,
    'Version %s is stale; the current version is %s',
  ),
  GW_ERR_PAYLOAD_TOO_LARGE: defineError(
    'GW_ERR_PAYLOAD_TOO_LARGE',
    413,
    'Request body is larger than %s bytes',
  ),
  GW_ERR_URI_TOO_LONG: defineError('GW_ERR_URI_TOO_LONG', 414, 'The request URL is too long: %s'),
  GW_ERR_UNSUPPORTED_MEDIA_TYPE: defineError(
    'GW_ERR_UNSUPPORTED_MEDIA_TYPE',
    415,
    'Unsupported media type: %s',
  ),
  GW_ERR_IDEMPOTENCY_MISMATCH: defineError(
    'GW_ERR_IDEMPOTENCY_MISMATCH',
    422,
    'Idempotency key %s was used for a different request',
  ),
  GW_ERR_PRECONDITION_REQUIRED: defineError(
    'GW_ERR_PRECONDITION_REQUIRED',
    428,
    'This change needs an If-Match header with the %s version',
  ),
  GW_ERR_RATE_LIMITED: defineError('GW_ERR_RATE_LIMITED', 429, 'Too many requests: %s'),
  GW_ERR_HEADERS_TOO_LARGE: defineError('GW_ERR_HEADERS_TOO_LARGE', 431, 'The request headers are too large'),
  GW_ERR_INTERNAL: defineError('GW_ERR_INTERNAL', 500, 'Internal server error'),
  GW_ERR_UNAVAILABLE: defineError('GW_ERR_UNAVAILABLE', 503, 'Service unavailable: %s'),
  GW_ERR_TIMEOUT: defineError('GW_ERR_TIMEOUT', 504, 'No answer in time: %s'),
  GW_ERR_CONFIG: defineError('GW_ERR_CONFIG', 500, 'Invalid configuration: %s'),
} as const;

/** A code of the shared registry. */
export type GuildwireErrorCode = keyof typeof errorCodes;
