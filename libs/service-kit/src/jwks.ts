import { createPublicKey, type JsonWebKey } from 'node:crypto';
import { errorCodes } from '@guildwire/errors';

/** Options of a JWKS key resolver. */
export interface JwksOptions {
  /** How long fetched keys are trusted before a refetch (default 10 minutes). */
  readonly cacheTtlMs?: number;
  readonly fetch?: typeof fetch;
}

// An unknown `kid` triggers a refetch (keys rotate), but not more often than this, so a flood of
// forged tokens cannot turn the service into a JWKS request amplifier.
const minRefetchMs = 30_000;

/** Resolves the PEM public key a token's header names (`kid`) from a JWKS endpoint. */
export function createJwksKeyResolver(
  url: string,
  options: JwksOptions = {},
): (header: { kid?: unknown }) => Promise<string> {
  const ttl = options.cacheTtlMs ?? 600_000;
  const fetchKeys = options.fetch ?? fetch;
  let keys = new Map<string, string>();
  let fetchedAt = Number.NEGATIVE_INFINITY;
  let pending: Promise<void> | undefined;

  async function refresh(): Promise<void> {
    const response = await fetchKeys(url, { signal: AbortSignal.timeout(5_000) });
    if (!response.ok) throw new Error(`JWKS ${url} answered ${response.status}`);
    const body = (await response.json()) as { keys?: unknown };
    const next = new Map<string, string>();
    for (const jwk of Array.isArray(body.keys) ? (body.keys as JsonWebKey[]) : []) {
      if (typeof jwk.kid !== 'string' || jwk.use === 'enc') continue;
      next.set(
        jwk.kid,
        createPublicKey({ key: jwk, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString(),
      );
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
    if (typeof header.kid !== 'string')
      throw new errorCodes.GW_ERR_TOKEN_INVALID('the token names no key id');
    const age = Date.now() - fetchedAt;
    if (age > ttl || (!keys.has(header.kid) && age > minRefetchMs)) await refreshOnce();
    const pem = keys.get(header.kid);
    if (pem === undefined) throw new errorCodes.GW_ERR_TOKEN_INVALID('the token names an unknown key id');
    return pem;
  };
}
