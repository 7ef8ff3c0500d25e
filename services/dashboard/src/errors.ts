import { defineError } from '@guildwire/errors';

/**
 * The dashboard's own errors (HTTP `{ error: { code, message } }`; the callback renders them as a
 * page for a browser). Each message says what happened and what the person can do.
 */
export const dashboardErrors = {
  DASHBOARD_ERR_LOGIN_STATE: defineError(
    'DASHBOARD_ERR_LOGIN_STATE',
    400,
    'Sign-in could not be verified: %s',
  ),
  DASHBOARD_ERR_LOGIN_DENIED: defineError(
    'DASHBOARD_ERR_LOGIN_DENIED',
    403,
    'Discord sign-in was not authorized: %s',
  ),
  DASHBOARD_ERR_LOGIN_FAILED: defineError(
    'DASHBOARD_ERR_LOGIN_FAILED',
    400,
    'Discord refused the sign-in: %s',
  ),
  DASHBOARD_ERR_DISCORD_UNAVAILABLE: defineError(
    'DASHBOARD_ERR_DISCORD_UNAVAILABLE',
    502,
    'Discord did not answer: %s',
  ),
  DASHBOARD_ERR_DISCORD_RATE_LIMITED: defineError(
    'DASHBOARD_ERR_DISCORD_RATE_LIMITED',
    429,
    'Discord asks to wait %s s before the next request',
  ),
  DASHBOARD_ERR_DISCORD_REVOKED: defineError(
    'DASHBOARD_ERR_DISCORD_REVOKED',
    401,
    'Discord no longer accepts this sign-in (the app was removed from the account); sign in again',
  ),
  DASHBOARD_ERR_NO_SESSION: defineError('DASHBOARD_ERR_NO_SESSION', 401, 'Not signed in: %s'),
  DASHBOARD_ERR_SESSION_ENDED: defineError(
    'DASHBOARD_ERR_SESSION_ENDED',
    401,
    'The session has ended (%s); sign in again',
  ),
  DASHBOARD_ERR_REFRESH_REUSED: defineError(
    'DASHBOARD_ERR_REFRESH_REUSED',
    401,
    'The session was ended because an old refresh token was used again (a copied cookie?); sign in again',
  ),
  DASHBOARD_ERR_GUILDS_REFRESH_TOO_SOON: defineError(
    'DASHBOARD_ERR_GUILDS_REFRESH_TOO_SOON',
    429,
    'The guild list was read from Discord less than %s s ago; try again in %s s',
  ),
} as const;
