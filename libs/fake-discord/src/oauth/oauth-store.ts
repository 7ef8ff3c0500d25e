import { createHash, randomBytes } from 'node:crypto';
import type { ResolvedOptions } from '../options.js';

/** Scopes the fake grants; the dashboard asks for `identify guilds`. */
export const KNOWN_SCOPES: ReadonlySet<string> = new Set([
  'identify',
  'email',
  'guilds',
  'guilds.members.read',
]);

/** What a client asked for at /oauth2/authorize, checked. */
export interface AuthorizationRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state: string | undefined;
  codeChallenge: string | undefined;
  codeChallengeMethod: 'S256' | 'plain' | undefined;
}

/** An authorization code: one redemption, within its lifetime, by the client and redirect it was made for. */
interface CodeRecord extends AuthorizationRequest {
  userId: string;
  expiresAt: number;
  redeemed: boolean;
  /** Access tokens issued for this code; revoked if the code is presented again (RFC 6749 §4.1.2). */
  accessTokens: Set<string>;
}

/** An access token with its refresh token, as Discord issues them to an application. */
export interface OAuthGrant {
  accessToken: string;
  refreshToken: string;
  userId: string;
  scopes: string[];
  expiresAt: number;
  revoked: boolean;
}

/** Why a token request was refused, in RFC 6749 §5.2 terms. */
export class OAuthError extends Error {
  override readonly name = 'OAuthError';
  constructor(
    readonly error:
      | 'invalid_request'
      | 'invalid_client'
      | 'invalid_grant'
      | 'unsupported_grant_type'
      | 'invalid_scope',
    readonly description: string,
    readonly status = error === 'invalid_client' ? 401 : 400,
  ) {
    super(`${error}: ${description}`);
  }
}

/** Counts of what clients did at the OAuth2 endpoints (tests assert caching with them). */
export interface OAuthCounts {
  authorizePages: number;
  codesIssued: number;
  tokenRequests: number;
  guildListRequests: number;
}

/** The OAuth2 state of one fake server: codes, tokens, the auto-approval switch, counters. */
export interface OAuthStore {
  readonly clientId: string;
  readonly clientSecret: string;
  /** When set, /oauth2/authorize approves at once for this user instead of showing the consent page. */
  autoApproveUserId: string | undefined;
  readonly counts: OAuthCounts;
  issueCode(request: AuthorizationRequest, userId: string): string;
  redeemCode(code: string, redirectUri: string | undefined, verifier: string | undefined): OAuthGrant;
  refresh(refreshToken: string): OAuthGrant;
  revoke(token: string): void;
  /** The live grant of an access token, or undefined (unknown, revoked, expired). */
  grantOf(accessToken: string): OAuthGrant | undefined;
  /** Ends every grant of a user (they removed the app from their authorized apps). */
  revokeUser(userId: string): number;
}

const secretToken = () => randomBytes(24).toString('base64url');
const verifierShape = /^[A-Za-z0-9._~-]{43,128}$/;

/** Whether a PKCE verifier answers the challenge (RFC 7636 §4.6). */
export function verifierMatches(request: AuthorizationRequest, verifier: string): boolean {
  if (request.codeChallengeMethod === 'plain') return verifier === request.codeChallenge;
  return createHash('sha256').update(verifier).digest('base64url') === request.codeChallenge;
}

/** Creates the store; the client id is the application id, as on Discord. */
export function createOAuthStore(applicationId: string, options: ResolvedOptions): OAuthStore {
  const codes = new Map<string, CodeRecord>();
  const byAccess = new Map<string, OAuthGrant>();
  const byRefresh = new Map<string, OAuthGrant>();

  function issueGrant(userId: string, scopes: string[]): OAuthGrant {
    const grant: OAuthGrant = {
      accessToken: secretToken(),
      refreshToken: secretToken(),
      userId,
      scopes,
      expiresAt: Date.now() + options.oauthAccessTokenTtlMs,
      revoked: false,
    };
    byAccess.set(grant.accessToken, grant);
    byRefresh.set(grant.refreshToken, grant);
    return grant;
  }

  function end(grant: OAuthGrant): void {
    grant.revoked = true;
    byAccess.delete(grant.accessToken);
    byRefresh.delete(grant.refreshToken);
  }

  const store: OAuthStore = {
    clientId: applicationId,
    clientSecret: options.oauthClientSecret,
    autoApproveUserId: undefined,
    counts: { authorizePages: 0, codesIssued: 0, tokenRequests: 0, guildListRequests: 0 },
    issueCode(request, userId) {
      const code = secretToken();
      codes.set(code, {
        ...request,
        userId,
        expiresAt: Date.now() + options.oauthCodeTtlMs,
        redeemed: false,
        accessTokens: new Set(),
      });
      store.counts.codesIssued += 1;
      return code;
    },
    redeemCode(code, redirectUri, verifier) {
      const record = codes.get(code);
      if (record === undefined || record.expiresAt <= Date.now())
        throw new OAuthError('invalid_grant', 'Invalid "code" in request.');
      if (record.redeemed) {
        // A replayed code may be a stolen one: what it bought is taken back.
        for (const token of record.accessTokens) {
          const grant = byAccess.get(token);
          if (grant) end(grant);
        }
        throw new OAuthError('invalid_grant', 'Invalid "code" in request.');
      }
      if (redirectUri !== record.redirectUri)
        throw new OAuthError('invalid_grant', 'Invalid "redirect_uri" in request.');
      if (record.codeChallenge !== undefined) {
        if (verifier === undefined || !verifierShape.test(verifier))
          throw new OAuthError('invalid_request', 'Missing or malformed "code_verifier".');
        if (!verifierMatches(record, verifier))
          throw new OAuthError('invalid_grant', 'The "code_verifier" does not match the code challenge.');
      }
      record.redeemed = true;
      const grant = issueGrant(record.userId, record.scopes);
      record.accessTokens.add(grant.accessToken);
      return grant;
    },
    refresh(refreshToken) {
      const old = byRefresh.get(refreshToken);
      if (old === undefined) throw new OAuthError('invalid_grant', 'Invalid "refresh_token" in request.');
      byRefresh.delete(refreshToken);
      return issueGrant(old.userId, old.scopes);
    },
    revoke(token) {
      const grant = byAccess.get(token) ?? byRefresh.get(token);
      if (grant) end(grant);
    },
    grantOf(accessToken) {
      const grant = byAccess.get(accessToken);
      if (grant === undefined || grant.revoked) return undefined;
      if (grant.expiresAt <= Date.now()) {
        byAccess.delete(accessToken);
        return undefined;
      }
      return grant;
    },
    revokeUser(userId) {
      let ended = 0;
      for (const grant of [...byAccess.values(), ...byRefresh.values()]) {
        if (grant.userId === userId && !grant.revoked) {
          end(grant);
          ended += 1;
        }
      }
      return ended;
    },
  };
  return store;
}
