import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { errorCodes } from '@guildwire/errors';

/** Options of a JWKS key resolver. */
export interface JwksOptions {
  /** How long fetched keys are trusted before a refetch (default 10 minutes). */
  readonly cacheTtlMs?: number;
  /**
   * Least time between two fetches caused by an unknown `kid` (default 30 s), so a flood of forged
   * tokens cannot turn the service into a JWKS request amplifier. A rotated key is picked up by the
   * first token naming it once this much time has passed since the last fetch.
   */
  readonly minRefetchMs?: number;
  /** Algorithms a token may name (default EdDSA, ES256, RS256); others are refused before any lookup. */
  readonly algorithms?: readonly string[];
  readonly fetch?: typeof fetch;
}

const failedFetchPauseMs = 1000;

interface PublishedKey {
  readonly pem: string;
  /** The algorithms this key can verify: its JWK `alg`, else what its key type allows. */
  readonly algorithms: readonly string[];
}

/** The algorithms a JWK can verify (JWA, RFC 7518 §3.1; EdDSA, RFC 8037). */
function algorithmsOf(jwk: JsonWebKey): readonly string[] {
  if (typeof jwk.alg === 'string') return [jwk.alg];
  if (jwk.kty === 'OKP' && jwk.crv === 'Ed25519') return ['EdDSA'];
  if (jwk.kty === 'EC') return jwk.crv === 'P-256' ? ['ES256'] : jwk.crv === 'P-384' ? ['ES384'] : [];
  if (jwk.kty === 'RSA') return ['RS256', 'RS384', 'RS512'];
  return [];
}

/** Resolves the PEM public key a token's header names (`kid`) from a JWKS endpoint. */
export function createJwksKeyResolver(
  url: string,
  options: JwksOptions = {},
): (header: { kid?: unknown; alg?: unknown }) => Promise<string> {
  const ttl = options.cacheTtlMs ?? 600_000;
  const minRefetchMs = options.minRefetchMs ?? 30_000;
  const allowed = options.algorithms ?? ['EdDSA', 'ES256', 'RS256'];
  const fetchKeys = options.fetch ?? fetch;
  let keys = new Map<string, PublishedKey>();
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let pending: Promise<void> | undefined;
  let failedAt = Number.NEGATIVE_INFINITY;
  let failure: unknown;

  async function refresh(): Promise<void> {
    // An unreachable issuer is asked again at most once a second, not once per request.
    if (Date.now() - failedAt < failedFetchPauseMs) throw failure;
    try {
      await fetchAndParse();
    } catch (err) {
      failedAt = Date.now();
      failure = err;
      throw err;
    }
  }

  async function fetchAndParse(): Promise<void> {
    const response = await fetchKeys(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`JWKS ${url} answered ${response.status}`);
    const body = (await response.json()) as { keys?: unknown };
    const next = new Map<string, PublishedKey>();
    for (const jwk of Array.isArray(body.keys) ? (body.keys as JsonWebKey[]) : []) {
      if (typeof jwk.kid !== 'string' || jwk.use === 'enc') continue;
      const pem = createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' });
      next.set(jwk.kid, { pem: pem.toString(), algorithms: algorithmsOf(jwk) });
    }
    keys = next;
    fetchedAt = Date.now();
  }

  function refreshOnce(): Promise<void> {
    pending ??= refresh().finally(() => {
      pending = undefined;
    });
    return pending;
  }

  return async function resolveKey(header) {
    // Checked before any key is looked up: an HS256 token must never meet a public key (whose
    // bytes an attacker knows) as its HMAC secret.
    const alg = typeof header.alg === 'string' ? header.alg : '(none)';
    if (!allowed.includes(alg))
      throw new errorCodes.GW_ERR_TOKEN_INVALID(
        `the token is signed with ${alg}; this service accepts ${allowed.join(', ')} from the issuer's JWKS`,
      );
    if (typeof header.kid !== 'string')
      throw new errorCodes.GW_ERR_TOKEN_INVALID('the token names no key id');
    const age = Date.now() - fetchedAt;
    if (age > ttl || (!keys.has(header.kid) && age >= minRefetchMs)) await refreshOnce();
    const key = keys.get(header.kid);
    if (key === undefined)
      throw new errorCodes.GW_ERR_TOKEN_INVALID(
        `the token names an unknown key id (${header.kid.slice(0, 64)})`,
      );
    if (!key.algorithms.includes(alg))
      throw new errorCodes.GW_ERR_TOKEN_INVALID(`key ${header.kid.slice(0, 64)} does not sign ${alg} tokens`);
    return key.pem;
  };
}
