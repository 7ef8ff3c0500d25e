import { createSigner } from 'fast-jwt';
import type { AuthOptions } from './auth-options.js';
import { findMalformedClaim, type GuildRole } from './claims.js';
import type { SigningKey } from './signing-keys.js';
import { createTokenSigner } from './token-signer.js';

/** A development-only HS256 secret for the local stack; never accepted unless configured explicitly. */
export const DEV_JWT_SECRET = 'guildwire-local-development-secret-do-not-deploy';

/** What a dev token grants: a Discord user and their role per guild. */
export interface DevTokenGrant {
  readonly sub: string;
  readonly guilds: Readonly<Record<string, GuildRole>>;
  /** Lifetime in seconds (default 900). */
  readonly ttlSeconds?: number;
}

/**
 * Signs a Guildwire token for development and tests: HS256 with the shared secret, or with the
 * dashboard's asymmetric key when `signingKey` is given (services that verify against its JWKS).
 */
export function signDevToken(
  grant: DevTokenGrant,
  auth: Pick<AuthOptions, 'secret' | 'issuer' | 'audience'> & { readonly signingKey?: SigningKey },
): string {
  const ttlSeconds = grant.ttlSeconds ?? 900;
  if (auth.signingKey !== undefined)
    return createTokenSigner(auth.signingKey, auth)({ sub: grant.sub, guilds: grant.guilds, ttlSeconds });
  if (auth.secret === undefined)
    throw new TypeError('signDevToken needs auth.secret (HS256) or auth.signingKey');
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0)
    throw new TypeError('ttlSeconds must be a positive integer');
  const payload = { sub: grant.sub, guilds: { ...grant.guilds } };
  const malformed = findMalformedClaim({ ...payload, iat: 0, exp: 0, iss: auth.issuer, aud: auth.audience });
  if (malformed !== undefined) throw new TypeError(`dev token claim ${malformed} is malformed`);
  const sign = createSigner({
    key: auth.secret,
    algorithm: 'HS256',
    iss: auth.issuer,
    aud: auth.audience,
    expiresIn: ttlSeconds * 1000,
  });
  return sign(payload);
}
