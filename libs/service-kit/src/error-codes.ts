import { defineError } from './define-error.js';

/** The shared GW_ERR_* registry; services add their own codes with `defineError`. */
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
  GW_ERR_CONFLICT: defineError('GW_ERR_CONFLICT', 409, 'Conflict: %s'),
  GW_ERR_STALE_VERSION: defineError('GW_ERR_STALE_VERSION', 412, 'Stale version: %s'),
  GW_ERR_PAYLOAD_TOO_LARGE: defineError(
    'GW_ERR_PAYLOAD_TOO_LARGE',
    413,
    'Request body is larger than %s bytes',
  ),
  GW_ERR_UNSUPPORTED_MEDIA_TYPE: defineError(
    'GW_ERR_UNSUPPORTED_MEDIA_TYPE',
    415,
    'Unsupported media type: %s',
  ),
  GW_ERR_RATE_LIMITED: defineError('GW_ERR_RATE_LIMITED', 429, 'Too many requests'),
  GW_ERR_INTERNAL: defineError('GW_ERR_INTERNAL', 500, 'Internal server error'),
  GW_ERR_UNAVAILABLE: defineError('GW_ERR_UNAVAILABLE', 503, 'Service unavailable: %s'),
  GW_ERR_CONFIG: defineError('GW_ERR_CONFIG', 500, 'Invalid configuration: %s'),
} as const;

/** A code of the shared registry. */
export type GuildwireErrorCode = keyof typeof errorCodes;
