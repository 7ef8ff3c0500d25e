import { createVerifier } from 'fast-jwt';
import { type AuthOptions, resolveVerification, type Verification } from './auth-options.js';
import { assertGuildwireClaims, type GuildwireClaims } from './claims.js';
import { toAuthError } from './token-errors.js';

/** Verifies a raw token (no "Bearer " prefix) and returns its claims. */
export type TokenVerifier = (token: string) => Promise<GuildwireClaims>;

/** Verifies tokens outside HTTP routes (WebSocket frames); rejects with GW_ERR_TOKEN_EXPIRED or _INVALID. */
export function createTokenVerifier(auth: AuthOptions): TokenVerifier {
  // A connection presents its token once (and on refresh): remembering verified tokens would only
  // hold memory per connection, so this verifier keeps none.
  const { key, options } = resolveVerification(auth);
  return verifierFor({ key, options: { ...options, cache: false } });
}

/** A verifier over an already resolved setup, so the HTTP plugin and its `app.verifyToken` share one key cache. */
export function verifierFor({ key, options }: Verification): TokenVerifier {
  const verify: (token: string) => unknown =
    typeof key === 'string' ? createVerifier({ ...options, key }) : createVerifier({ ...options, key });
  return async function verifyToken(token) {
    let payload: unknown;
    try {
      payload = await verify(token);
    } catch (err) {
      throw toAuthError(err);
    }
    return assertGuildwireClaims(payload);
  };
}
