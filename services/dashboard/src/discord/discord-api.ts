import { dashboardErrors } from '../errors.js';

/** A guild of the person's list as /users/@me/guilds gives it (the fields the dashboard keeps). */
export interface DiscordGuildEntry {
  readonly id: string;
  readonly name: string;
  readonly icon: string | null;
  readonly owner: boolean;
  /** The person's guild-level permissions, a decimal bit set. */
  readonly permissions: string;
}

/** The person as /users/@me gives it. */
export interface DiscordUser {
  readonly id: string;
  readonly username: string;
  readonly global_name: string | null;
  readonly avatar: string | null;
}

/** The person's Discord tokens (kept sealed in the session). */
export interface DiscordTokens {
  readonly accessToken: string;
  readonly refreshToken: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

/** Where Discord is and who the application is. */
export interface DiscordApiOptions {
  readonly oauthUrl: string;
  readonly apiUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUri: string;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** The Discord calls of a web login (OAuth2 code grant with PKCE, then the person's profile and guilds). */
export interface DiscordApi {
  /** The consent page URL for a login attempt. */
  authorizeUrl(state: string, codeChallenge: string): string;
  exchangeCode(code: string, codeVerifier: string): Promise<DiscordTokens>;
  refresh(refreshToken: string): Promise<DiscordTokens>;
  currentUser(accessToken: string): Promise<DiscordUser>;
  userGuilds(accessToken: string): Promise<DiscordGuildEntry[]>;
  /** Best effort: ends the person's grant at Discord (logout). */
  revoke(token: string): Promise<void>;
}

/** Discord answered 401 to a user call: the person's token is no longer good. */
export class DiscordUnauthorizedError extends Error {
  override readonly name = 'DiscordUnauthorizedError';
}

const scopes = 'identify guilds';

/** Creates the client; every failure becomes a dashboard error the person can act on. */
export function createDiscordApi(options: DiscordApiOptions): DiscordApi {
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const api = `${options.apiUrl.replace(/\/$/, '')}/v10`;
  const basic = `Basic ${Buffer.from(`${encodeURIComponent(options.clientId)}:${encodeURIComponent(options.clientSecret)}`).toString('base64')}`;

  async function call(url: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await doFetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (err) {
      throw new dashboardErrors.DASHBOARD_ERR_DISCORD_UNAVAILABLE('the request failed or timed out', {
        cause: err,
      });
    }
    if (response.status === 429) {
      const retryAfter = Number(response.headers.get('retry-after') ?? '1');
      throw new dashboardErrors.DASHBOARD_ERR_DISCORD_RATE_LIMITED(
        Math.max(1, Math.ceil(retryAfter)),
      ).withDetails({
        retryAfterSeconds: Math.max(1, Math.ceil(retryAfter)),
      });
    }
    if (response.status >= 500)
      throw new dashboardErrors.DASHBOARD_ERR_DISCORD_UNAVAILABLE(`it answered ${response.status}`);
    return response;
  }

  async function tokenRequest(form: Record<string, string>): Promise<DiscordTokens> {
    const response = await call(`${api}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
      body: new URLSearchParams(form),
    });
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
    if (!response.ok) {
      // invalid_grant: a used, expired or foreign code (or a wrong PKCE verifier).
      const reason = typeof body.error === 'string' ? body.error : `status ${response.status}`;
      if (response.status === 401 || reason === 'invalid_client')
        throw new dashboardErrors.DASHBOARD_ERR_DISCORD_UNAVAILABLE('it refused the application credentials');
      throw new dashboardErrors.DASHBOARD_ERR_LOGIN_FAILED(`${reason} (start the sign-in again)`);
    }
    if (typeof body.access_token !== 'string' || typeof body.refresh_token !== 'string')
      throw new dashboardErrors.DASHBOARD_ERR_DISCORD_UNAVAILABLE('its token answer has no tokens');
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : 604_800;
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: Date.now() + expiresIn * 1000,
    };
  }

  async function userCall<T>(path: string, accessToken: string): Promise<T> {
    const response = await call(`${api}${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
    if (response.status === 401) throw new DiscordUnauthorizedError(`GET ${path} answered 401`);
    if (!response.ok)
      throw new dashboardErrors.DASHBOARD_ERR_DISCORD_UNAVAILABLE(`GET ${path} answered ${response.status}`);
    return (await response.json()) as T;
  }

  return {
    authorizeUrl(state, codeChallenge) {
      const url = new URL('/oauth2/authorize', options.oauthUrl);
      url.search = new URLSearchParams({
        response_type: 'code',
        client_id: options.clientId,
        scope: scopes,
        redirect_uri: options.redirectUri,
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
        prompt: 'none',
      }).toString();
      return url.toString();
    },
    exchangeCode: (code, codeVerifier) =>
      tokenRequest({
        grant_type: 'authorization_code',
        code,
        redirect_uri: options.redirectUri,
        code_verifier: codeVerifier,
      }),
    refresh: (refreshToken) => tokenRequest({ grant_type: 'refresh_token', refresh_token: refreshToken }),
    async currentUser(accessToken) {
      const user = await userCall<DiscordUser>('/users/@me', accessToken);
      return {
        id: user.id,
        username: user.username,
        global_name: user.global_name ?? null,
        avatar: user.avatar ?? null,
      };
    },
    async userGuilds(accessToken) {
      // One page of 200 holds any account's guilds (Discord caps membership at 200).
      const guilds = await userCall<DiscordGuildEntry[]>('/users/@me/guilds?limit=200', accessToken);
      return guilds.map((g) => ({
        id: g.id,
        name: g.name,
        icon: g.icon ?? null,
        owner: g.owner === true,
        permissions: String(g.permissions ?? '0'),
      }));
    },
    async revoke(token) {
      await call(`${api}/oauth2/token/revoke`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
        body: new URLSearchParams({ token }),
      }).catch(() => undefined);
    },
  };
}
