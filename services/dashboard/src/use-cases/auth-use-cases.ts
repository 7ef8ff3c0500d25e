import type { TokenSigner } from '@guildwire/service-kit';
import type { Logger } from 'pino';
import {
  type DiscordApi,
  type DiscordGuildEntry,
  type DiscordTokens,
  DiscordUnauthorizedError,
} from '../discord/discord-api.js';
import { dashboardErrors } from '../errors.js';
import { type GrantedGuild, grantRoles } from '../grants/grant-roles.js';
import type { GuildLookups } from '../grants/guild-lookups.js';
import type { SecretBox } from '../keys/session-secrets.js';
import type { SessionRow } from '../store/database.js';
import type { SessionStore } from '../store/session-store.js';

/** What the login and token use cases need. */
export interface AuthDeps {
  readonly store: SessionStore;
  readonly discord: DiscordApi;
  readonly lookups: GuildLookups;
  readonly signer: TokenSigner;
  readonly tokenBox: SecretBox;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly accessTokenTtlS: number;
  readonly sessionTtlMs: number;
  readonly sessionIdleMs: number;
  readonly refreshReuseGraceMs: number;
  readonly guildsRefreshMinMs: number;
}

/** The answer of POST /auth/token and /auth/refresh-guilds. */
export interface IssuedToken {
  readonly accessToken: string;
  readonly tokenType: 'Bearer';
  readonly expiresIn: number;
  readonly expiresAt: string;
  readonly user: { id: string; username: string; globalName: string | null; avatar: string | null };
  readonly guilds: GrantedGuild[];
  readonly guildsFetchedAt: string;
}

/** A refresh token presented: the session it opens, and the new token when it was rotated. */
export interface OpenedSession {
  readonly session: SessionRow;
  readonly refreshToken: string | undefined;
}

/** Discord tokens are refreshed this long before they expire. */
const discordExpiryMarginMs = 60_000;

/** The login and token operations (no HTTP: the routes adapt them). */
export function createAuthUseCases(deps: AuthDeps) {
  const sealTokens = (tokens: DiscordTokens) => deps.tokenBox.seal(JSON.stringify(tokens));
  const openTokens = (session: SessionRow) =>
    JSON.parse(deps.tokenBox.open(session.discord_tokens)) as DiscordTokens;

  /** The person's guild list with a usable Discord token: refreshed once when expired or refused. */
  async function readGuilds(
    session: SessionRow,
  ): Promise<{ guilds: DiscordGuildEntry[]; tokens: DiscordTokens }> {
    let tokens = openTokens(session);
    let refreshed = false;
    const refresh = async () => {
      refreshed = true;
      try {
        tokens = await deps.discord.refresh(tokens.refreshToken);
      } catch (err) {
        if ((err as { code?: string }).code !== 'DASHBOARD_ERR_LOGIN_FAILED') throw err;
        await deps.store.revoke(session.id, deps.clock(), 'discord grant revoked');
        throw new dashboardErrors.DASHBOARD_ERR_DISCORD_REVOKED({ cause: err });
      }
    };
    if (tokens.expiresAt - discordExpiryMarginMs <= deps.clock().getTime()) await refresh();
    try {
      return { guilds: await deps.discord.userGuilds(tokens.accessToken), tokens };
    } catch (err) {
      if (!(err instanceof DiscordUnauthorizedError) || refreshed) {
        if (err instanceof DiscordUnauthorizedError) {
          await deps.store.revoke(session.id, deps.clock(), 'discord grant revoked');
          throw new dashboardErrors.DASHBOARD_ERR_DISCORD_REVOKED({ cause: err });
        }
        throw err;
      }
      await refresh();
      return { guilds: await deps.discord.userGuilds(tokens.accessToken), tokens };
    }
  }

  return {
    /** Completes a sign-in: code → Discord tokens → profile and guild list → a new session. */
    async completeLogin(code: string, verifier: string): Promise<{ refreshToken: string; userId: string }> {
      const tokens = await deps.discord.exchangeCode(code, verifier);
      let user: Awaited<ReturnType<DiscordApi['currentUser']>>;
      let guilds: DiscordGuildEntry[];
      try {
        [user, guilds] = await Promise.all([
          deps.discord.currentUser(tokens.accessToken),
          deps.discord.userGuilds(tokens.accessToken),
        ]);
      } catch (err) {
        if (err instanceof DiscordUnauthorizedError)
          throw new dashboardErrors.DASHBOARD_ERR_LOGIN_FAILED(
            'the new Discord token was refused (missing scope?)',
            {
              cause: err,
            },
          );
        throw err;
      }
      const now = deps.clock();
      const { refreshToken } = await deps.store.create({
        user,
        sealedDiscordTokens: sealTokens(tokens),
        guilds,
        now,
        expiresAt: new Date(now.getTime() + deps.sessionTtlMs),
      });
      return { refreshToken, userId: user.id };
    },

    /** Presents a refresh token: the session, and the rotated token to set (none in the grace window). */
    async openSession(refreshToken: string | undefined): Promise<OpenedSession> {
      if (refreshToken === undefined) throw new dashboardErrors.DASHBOARD_ERR_NO_SESSION('no session cookie');
      const rotation = await deps.store.rotate(refreshToken, deps.clock(), {
        idleMs: deps.sessionIdleMs,
        reuseGraceMs: deps.refreshReuseGraceMs,
      });
      switch (rotation.kind) {
        case 'rotated':
          return { session: rotation.session, refreshToken: rotation.refreshToken };
        case 'grace':
          return { session: rotation.session, refreshToken: undefined };
        case 'unknown':
          throw new dashboardErrors.DASHBOARD_ERR_SESSION_ENDED('unknown session');
        case 'ended':
          throw new dashboardErrors.DASHBOARD_ERR_SESSION_ENDED(rotation.reason);
        case 'reused':
          deps.logger.warn({ sessionId: rotation.sessionId }, 'refresh token reused: session revoked');
          throw new dashboardErrors.DASHBOARD_ERR_REFRESH_REUSED();
      }
    },

    /** Reads the guild list from Discord again, at most once per DASHBOARD_GUILDS_REFRESH_MIN_S. */
    async refreshGuilds(session: SessionRow): Promise<SessionRow> {
      const now = deps.clock();
      const sinceMs = now.getTime() - session.guilds_fetched_at.getTime();
      if (sinceMs < deps.guildsRefreshMinMs) {
        const waitS = Math.ceil((deps.guildsRefreshMinMs - sinceMs) / 1000);
        throw new dashboardErrors.DASHBOARD_ERR_GUILDS_REFRESH_TOO_SOON(
          Math.round(deps.guildsRefreshMinMs / 1000),
          waitS,
        ).withDetails({ retryAfterSeconds: waitS });
      }
      const { guilds, tokens } = await readGuilds(session);
      await deps.store.saveGuilds(session.id, guilds, now, sealTokens(tokens));
      return { ...session, guilds, guilds_fetched_at: now };
    },

    /** An access token for the session's cached guild list, roles computed afresh. */
    async issueToken(session: SessionRow): Promise<IssuedToken> {
      const grants = await grantRoles(
        session.user_id,
        session.guilds,
        session.grants,
        deps.lookups,
        deps.logger,
      );
      if (JSON.stringify(grants.roles) !== JSON.stringify(session.grants))
        await deps.store.saveGrants(session.id, grants.roles);
      const now = deps.clock();
      const accessToken = deps.signer({
        sub: session.user_id,
        guilds: grants.roles,
        ttlSeconds: deps.accessTokenTtlS,
      });
      return {
        accessToken,
        tokenType: 'Bearer',
        expiresIn: deps.accessTokenTtlS,
        expiresAt: new Date(now.getTime() + deps.accessTokenTtlS * 1000).toISOString(),
        user: {
          id: session.user_id,
          username: session.username,
          globalName: session.global_name,
          avatar: session.avatar,
        },
        guilds: grants.guilds,
        guildsFetchedAt: session.guilds_fetched_at.toISOString(),
      };
    },

    /** Ends the session of a refresh token (and, best effort, the Discord grant). Idempotent. */
    async logout(refreshToken: string | undefined): Promise<void> {
      if (refreshToken === undefined) return;
      const ended = await deps.store.revokeByToken(refreshToken, deps.clock(), 'logout');
      if (ended !== undefined) await deps.discord.revoke(openTokens(ended).refreshToken);
    },
  };
}

/** The dashboard's use cases. */
export type AuthUseCases = ReturnType<typeof createAuthUseCases>;
