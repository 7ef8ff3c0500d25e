import { type GuildwireError, isGuildwireError } from './define-error.js';
import { errorCodes } from './error-codes.js';

// fast-jwt (standalone verifier) and @fastify/jwt (HTTP) each report failures with their own codes;
// both end up as the same three Guildwire codes so HTTP and WebSocket clients see one vocabulary.
const expired = new Set(['FAST_JWT_EXPIRED', 'FST_JWT_AUTHORIZATION_TOKEN_EXPIRED']);
const missing: Record<string, string> = {
  FST_JWT_NO_AUTHORIZATION_IN_HEADER: 'no bearer token in the Authorization header',
  FST_JWT_BAD_REQUEST: 'the Authorization header must be "Bearer <token>"',
};

/** Maps a JWT library failure to GW_ERR_TOKEN_EXPIRED, GW_ERR_TOKEN_INVALID or GW_ERR_UNAUTHORIZED. */
export function toAuthError(err: unknown): GuildwireError {
  if (isGuildwireError(err)) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (expired.has(code)) return new errorCodes.GW_ERR_TOKEN_EXPIRED({ cause: err });
  const reason = missing[code];
  if (reason !== undefined) return new errorCodes.GW_ERR_UNAUTHORIZED(reason, { cause: err });
  if (code === 'FAST_JWT_KEY_FETCHING_ERROR')
    return keyFetchingError(err as Error & { originalError?: unknown });
  if (code.startsWith('FAST_JWT_') || code.startsWith('FST_JWT_')) {
    return new errorCodes.GW_ERR_TOKEN_INVALID(reasonOf(err as Error), { cause: err });
  }
  return new errorCodes.GW_ERR_INTERNAL({ cause: err });
}

function keyFetchingError(err: Error & { originalError?: unknown }): GuildwireError {
  if (isGuildwireError(err.originalError)) return err.originalError;
  return new errorCodes.GW_ERR_UNAVAILABLE('token signing keys cannot be fetched', { cause: err });
}

// fast-jwt's messages ("The token signature is invalid.") are fixed strings about the token, safe to
// return to its bearer.
function reasonOf(err: Error): string {
  const text = err.message.replace(/\.$/, '');
  return text === '' ? 'rejected' : text.charAt(0).toLowerCase() + text.slice(1);
}
