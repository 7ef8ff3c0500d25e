import { createPublicKey } from 'node:crypto';
import type { Algorithm, VerifierOptions } from 'fast-jwt';
import { createJwksKeyResolver } from './jwks.js';

/** Signature algorithms a Guildwire service may accept; `none` is never one of them. */
export type TokenAlgorithm = 'HS256' | 'HS384' | 'HS512' | 'RS256' | 'ES256' | 'EdDSA';

/** How tokens are verified: exactly one of a shared secret, a public key or a JWKS endpoint. */
export interface AuthOptions {
  /** Shared HMAC secret (HS256 by default), at least 32 characters. */
  readonly secret?: string;
  /** PEM public key; the algorithm follows the key type (RSA → RS256, Ed25519 → EdDSA, EC → ES256). */
  readonly publicKey?: string;
  /**
   * JWKS endpoint of the token issuer (the dashboard); keys are picked by `kid` and cached for
   * `cacheTtlMs`, refetched on an unknown `kid` at most once per `minRefetchMs`.
   */
  readonly jwks?: { readonly url: string; readonly cacheTtlMs?: number; readonly minRefetchMs?: number };
  /** Overrides the accepted algorithms (must fit the key). */
  readonly algorithms?: readonly TokenAlgorithm[];
  readonly issuer: string;
  readonly audience: string;
  /** Allowed clock skew for `exp`/`iat`, in seconds (default 5). */
  readonly clockToleranceSeconds?: number;
}

/** Picks the verification key for a decoded token (JWKS: by the header's `kid`). */
export type KeyResolver = (token: { readonly header: Readonly<Record<string, unknown>> }) => Promise<string>;

/** The resolved verification setup shared by the HTTP plugin and the standalone verifier. */
export interface Verification {
  readonly key: string | KeyResolver;
  readonly options: VerifierOptions;
}

const minSecretLength = 32;

/** Claims a token must carry before its shape is even checked. */
export const requiredClaims = ['sub', 'guilds', 'iat', 'exp', 'iss', 'aud'];

/** Verified tokens kept per verifier (a few hundred bytes each). */
const verifiedTokenCacheSize = 10_000;

/** Turns AuthOptions into one fast-jwt verification setup; throws on an ambiguous or weak setup. */
export function resolveVerification(auth: AuthOptions): Verification {
  const sources = [auth.secret, auth.publicKey, auth.jwks].filter((source) => source !== undefined);
  if (sources.length !== 1) throw new TypeError('auth needs exactly one of secret, publicKey or jwks');
  const { key, algorithms } = resolveKey(auth);
  return {
    key,
    options: {
      algorithms: [...algorithms],
      allowedIss: auth.issuer,
      allowedAud: auth.audience,
      requiredClaims,
      clockTolerance: (auth.clockToleranceSeconds ?? 5) * 1000,
      // A dashboard sends the same token with every request: remember verified tokens (and
      // refusals) by their full text. An entry never outlives the token's exp, and a different
      // string (another signature) is verified afresh.
      cache: verifiedTokenCacheSize,
      cacheTTL: 5 * 60_000,
    },
  };
}

function resolveKey(auth: AuthOptions): { key: string | KeyResolver; algorithms: readonly Algorithm[] } {
  if (auth.secret !== undefined) {
    if (auth.secret.length < minSecretLength) {
      throw new TypeError(`auth secret must be at least ${minSecretLength} characters`);
    }
    return { key: auth.secret, algorithms: checked(auth.algorithms ?? ['HS256'], /^HS/, 'a shared secret') };
  }
  if (auth.publicKey !== undefined) {
    const fallback = algorithmForKey(auth.publicKey);
    return {
      key: auth.publicKey,
      algorithms: checked(auth.algorithms ?? [fallback], /^(RS|ES|EdDSA)/, 'a public key'),
    };
  }
  const jwks = auth.jwks!;
  const algorithms = checked(auth.algorithms ?? ['EdDSA', 'ES256', 'RS256'], /^(RS|ES|EdDSA)/, 'a JWKS');
  const resolve = createJwksKeyResolver(jwks.url, {
    algorithms,
    ...(jwks.cacheTtlMs === undefined ? {} : { cacheTtlMs: jwks.cacheTtlMs }),
    ...(jwks.minRefetchMs === undefined ? {} : { minRefetchMs: jwks.minRefetchMs }),
  });
  return { key: async ({ header }) => resolve(header), algorithms };
}

function checked(algorithms: readonly TokenAlgorithm[], fits: RegExp, source: string): readonly Algorithm[] {
  const misfit = algorithms.find((algorithm) => !fits.test(algorithm));
  if (algorithms.length === 0 || misfit !== undefined) {
    throw new TypeError(`algorithm ${misfit ?? '(none)'} cannot be verified with ${source}`);
  }
  return algorithms;
}

function algorithmForKey(pem: string): TokenAlgorithm {
  const type = createPublicKey(pem).asymmetricKeyType;
  if (type === 'rsa') return 'RS256';
  if (type === 'ed25519') return 'EdDSA';
  if (type === 'ec') return 'ES256';
  throw new TypeError(`unsupported public key type ${type ?? 'unknown'}`);
}
