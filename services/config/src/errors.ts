import { defineError } from '@guildwire/errors';

/**
 * The config service's own errors, answered alike over HTTP (`{ error: { code, message, details? } }`)
 * and over NATS (a typed command error with the same code and status). Validation, stale versions,
 * missing If-Match, forbidden and too-large use the shared GW_ERR_* codes.
 */
export const configErrors = {
  CONFIG_ERR_UNKNOWN_MODULE: defineError('CONFIG_ERR_UNKNOWN_MODULE', 404, 'Settings module %s not found'),
  CONFIG_ERR_VERSION_NOT_FOUND: defineError(
    'CONFIG_ERR_VERSION_NOT_FOUND',
    404,
    'Version %s of settings module %s not found',
  ),
} as const;
