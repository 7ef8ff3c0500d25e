import { createHash, randomBytes } from 'node:crypto';

/** One sign-in in progress: what the browser keeps (signed) between /auth/login and /auth/callback. */
export interface LoginAttempt {
  /** The OAuth2 `state`, compared with what Discord sends back (CSRF on the callback). */
  readonly state: string;
  /** The PKCE code verifier (RFC 7636): only its S256 challenge went to Discord. */
  readonly verifier: string;
  /** Where the app was when the sign-in began (a path of this site). */
  readonly returnTo: string;
}

/** A new attempt with a fresh state and verifier (32 random bytes each, base64url: 43 characters). */
export function newLoginAttempt(returnTo: string): LoginAttempt {
  return {
    state: randomBytes(32).toString('base64url'),
    verifier: randomBytes(32).toString('base64url'),
    returnTo: safeReturnPath(returnTo),
  };
}

/** The S256 code challenge of a verifier. */
export function codeChallengeOf(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

/**
 * A return path that stays on this site: an absolute path, not `//host` or `/\host` (which browsers
 * read as another origin), no scheme; anything else becomes `/`.
 */
export function safeReturnPath(path: string | undefined): string {
  if (path === undefined || path.length > 2048) return '/';
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return '/';
  if ([...path].some((c) => c < ' ' || c === '\\')) return '/';
  return path;
}

/** The cookie value of an attempt (the cookie itself is signed by @fastify/cookie). */
export function encodeAttempt(attempt: LoginAttempt): string {
  return Buffer.from(JSON.stringify([attempt.state, attempt.verifier, attempt.returnTo])).toString(
    'base64url',
  );
}

/** The attempt a cookie value carries, or undefined when it is not one. */
export function decodeAttempt(value: string): LoginAttempt | undefined {
  try {
    const parsed = JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) as unknown;
    if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((p) => typeof p === 'string'))
      return undefined;
    const [state, verifier, returnTo] = parsed as [string, string, string];
    return { state, verifier, returnTo: safeReturnPath(returnTo) };
  } catch {
    return undefined;
  }
}
