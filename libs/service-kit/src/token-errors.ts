import { errorCodes, type GuildwireError, isGuildwireError } from '@guildwire/errors';

// fast-jwt reports failures with its own codes; they end up as Guildwire codes so HTTP and
// WebSocket clients see one vocabulary.
const expired = 'FAST_JWT_EXPIRED';

/** Maps a fast-jwt failure to GW_ERR_TOKEN_EXPIRED, _TOKEN_INVALID or _UNAVAILABLE (anything else: _INTERNAL). */
export function toAuthError(err: unknown): GuildwireError {
  if (isGuildwireError(err)) return err;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String(err.code) : '';
  if (code === expired) return new errorCodes.GW_ERR_TOKEN_EXPIRED({ cause: err });
  if (code === 'FAST_JWT_KEY_FETCHING_ERROR')
    return keyFetchingError(err as Error & { originalError?: unknown });
  if (code.startsWith('FAST_JWT_')) {
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
