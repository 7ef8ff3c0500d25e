import { createSigner } from 'fast-jwt';
import type { GuildRole } from './claims.js';
import { findMalformedClaim } from './claims.js';
import type { SigningKey } from './signing-keys.js';

/** What a token grants: a Discord user and their role per guild, for `ttlSeconds`. */
export interface TokenGrant {
  readonly sub: string;
  readonly guilds: Readonly<Record<string, GuildRole>>;
  readonly ttlSeconds: number;
}

/** Issuer and audience written into every token. */
export interface TokenClaimsOptions {
  readonly issuer: string;
  readonly audience: string;
}

/** Signs Guildwire tokens (DESIGN §7 claims) with an asymmetric key, its `kid` in the header. */
export type TokenSigner = (grant: TokenGrant) => string;

/** A signer over one key; refuses a grant whose claims would not pass the services' check. */
export function createTokenSigner(key: SigningKey, claims: TokenClaimsOptions): TokenSigner {
  // fast-jwt wants PEM for asymmetric keys.
  const pem = key.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const signers = new Map<number, (payload: object) => string>();
  return (grant) => {
    if (!Number.isInteger(grant.ttlSeconds) || grant.ttlSeconds <= 0)
      throw new TypeError('ttlSeconds must be a positive integer');
    const payload = { sub: grant.sub, guilds: { ...grant.guilds } };
    const malformed = findMalformedClaim({
      ...payload,
      iat: 0,
      exp: 0,
      iss: claims.issuer,
      aud: claims.audience,
    });
    if (malformed !== undefined) throw new TypeError(`token claim ${malformed} is malformed`);
    let sign = signers.get(grant.ttlSeconds);
    if (sign === undefined) {
      sign = createSigner({
        key: pem,
        algorithm: key.algorithm,
        kid: key.kid,
        iss: claims.issuer,
        aud: claims.audience,
        expiresIn: grant.ttlSeconds * 1000,
      });
      signers.set(grant.ttlSeconds, sign);
    }
    return sign(payload);
  };
}
