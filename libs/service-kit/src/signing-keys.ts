import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type JsonWebKey,
  type KeyObject,
} from 'node:crypto';

/** Asymmetric algorithms a Guildwire issuer signs with (DESIGN §7: EdDSA; ES256 where Ed25519 is not an option). */
export type SigningAlgorithm = 'EdDSA' | 'ES256';

/** A private key that signs tokens, named by `kid` in their header and in the issuer's JWKS. */
export interface SigningKey {
  readonly kid: string;
  readonly algorithm: SigningAlgorithm;
  readonly privateKey: KeyObject;
  /** The public half as published in the JWKS (`kid`, `alg`, `use: sig`). */
  readonly publicJwk: JsonWebKey;
}

/** RFC 7638 thumbprint: SHA-256 over the key's required members in lexicographic order. */
export function jwkThumbprint(jwk: JsonWebKey): string {
  const members =
    jwk.kty === 'RSA'
      ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
      : jwk.kty === 'EC'
        ? { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y }
        : { crv: jwk.crv, kty: jwk.kty, x: jwk.x };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}

function algorithmOf(key: KeyObject): SigningAlgorithm {
  if (key.asymmetricKeyType === 'ed25519') return 'EdDSA';
  if (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1') return 'ES256';
  throw new TypeError(
    `signing keys must be Ed25519 (EdDSA) or P-256 (ES256), not ${key.asymmetricKeyType ?? 'unknown'}`,
  );
}

/** A signing key from a private key object; `kid` defaults to its RFC 7638 thumbprint (stable for the key). */
export function signingKeyFrom(privateKey: KeyObject, kid?: string): SigningKey {
  if (privateKey.type !== 'private') throw new TypeError('a signing key must be a private key');
  const algorithm = algorithmOf(privateKey);
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
  const id = kid ?? jwkThumbprint(jwk);
  return Object.freeze({
    kid: id,
    algorithm,
    privateKey,
    publicJwk: Object.freeze({ ...jwk, kid: id, alg: algorithm, use: 'sig' }),
  });
}

/**
 * Parses a private signing key written as PEM (PKCS#8) or as a JWK (JSON, its `kid` kept); throws a
 * TypeError saying what is wrong, never echoing the key.
 */
export function parseSigningKey(text: string): SigningKey {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    let jwk: JsonWebKey;
    try {
      jwk = JSON.parse(trimmed) as JsonWebKey;
    } catch {
      throw new TypeError('the signing key looks like JSON but does not parse');
    }
    if (typeof jwk.d !== 'string') throw new TypeError('the signing key JWK has no private part (d)');
    const kid = typeof jwk.kid === 'string' && jwk.kid !== '' ? jwk.kid : undefined;
    return signingKeyFrom(createPrivateKey({ key: jwk, format: 'jwk' }), kid);
  }
  if (!trimmed.startsWith('-----BEGIN')) throw new TypeError('the signing key is neither a PEM nor a JWK');
  try {
    return signingKeyFrom(createPrivateKey(trimmed));
  } catch (err) {
    if (err instanceof TypeError && /signing keys|private key/.test(err.message)) throw err;
    throw new TypeError('the signing key PEM does not parse as a private key');
  }
}

/** A fresh Ed25519 signing key (development: a key made at start lives as long as the process). */
export function generateSigningKey(): SigningKey {
  return signingKeyFrom(generateKeyPairSync('ed25519').privateKey);
}

/** The private key as a JWK carrying its `kid` (to store a generated development key). */
export function exportSigningKey(key: SigningKey): JsonWebKey {
  return { ...key.privateKey.export({ format: 'jwk' }), kid: key.kid };
}
