import { ApiError, apiErrorOf, NetworkError } from '../api/api-error.js';
import type { GrantedGuild, IssuedToken } from '../api/types.js';

/** The signed-in person: a current access token, who they are and the guilds they may see. */
export interface Session {
  /** A token valid for at least the next 30 s (renewed through POST /auth/token when needed). */
  getToken(): Promise<string>;
  /** The last token's user and guilds. */
  readonly current: IssuedToken;
  /** Called with every renewed token (the guild list and roles may have changed). */
  onChange(listener: (token: IssuedToken) => void): () => void;
  /** The person's role in a guild, undefined when the token does not grant it. */
  guild(guildId: string): GrantedGuild | undefined;
  /** Forces a renewal now (after a 401 from a service). */
  renew(): Promise<string>;
  logout(): Promise<void>;
}

// Renew this long before expiry, so a request never leaves with a token about to die.
const renewBeforeMs = 60_000;
const minValidMs = 30_000;

/** Sends the browser to Discord's sign-in, coming back to the page it is on (path, query, hash). */
export function goToLogin(): never {
  const here = `${location.pathname}${location.search}${location.hash}`;
  location.assign(`/auth/login?returnTo=${encodeURIComponent(here)}`);
  throw new SessionEndedError();
}

/** The session is over; the browser is on its way to the sign-in page. */
export class SessionEndedError extends Error {
  override readonly name = 'SessionEndedError';
  constructor() {
    super('your session has ended; signing in again');
  }
}

async function requestToken(): Promise<IssuedToken> {
  let response: Response;
  try {
    // The refresh cookie (httpOnly, SameSite=Strict, Path=/auth) rides along; the answer rotates it.
    response = await fetch('/auth/token', { method: 'POST', credentials: 'same-origin' });
  } catch (cause) {
    throw new NetworkError(new URL('/auth/token', location.href).href, { cause });
  }
  if (response.ok) return (await response.json()) as IssuedToken;
  const error = await apiErrorOf(response);
  if (response.status === 401) goToLogin();
  throw error;
}

/**
 * Opens the session: the first token now, renewals before each expires (one at a time, however
 * many callers ask), and the sign-in page when the session has ended (401 from /auth/token).
 */
export async function startSession(): Promise<Session> {
  let current = await requestToken();
  let inFlight: Promise<IssuedToken> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<(token: IssuedToken) => void>();
  const expiresAt = () => Date.parse(current.expiresAt);

  const renew = (): Promise<IssuedToken> => {
    inFlight ??= requestToken()
      .then((token) => {
        current = token;
        schedule();
        for (const listener of listeners) listener(token);
        return token;
      })
      .finally(() => {
        inFlight = undefined;
      });
    return inFlight;
  };
  const schedule = () => {
    clearTimeout(timer);
    // A minute before expiry, or halfway through a token shorter than two minutes.
    const before = Math.min(renewBeforeMs, (current.expiresIn * 1000) / 2);
    const wait = Math.max(1000, expiresAt() - Date.now() - before);
    timer = setTimeout(() => void renew().catch(() => undefined), wait);
  };
  schedule();

  return {
    get current() {
      return current;
    },
    async getToken() {
      if (expiresAt() - Date.now() > minValidMs) return current.accessToken;
      return (await renew()).accessToken;
    },
    async renew() {
      return (await renew()).accessToken;
    },
    onChange(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    guild: (guildId) => current.guilds.find((g) => g.id === guildId),
    async logout() {
      clearTimeout(timer);
      await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' }).catch(() => undefined);
      location.assign('/');
    },
  };
}

export { ApiError };
