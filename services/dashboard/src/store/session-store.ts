import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DiscordGuildEntry, DiscordUser } from '../discord/discord-api.js';
import type { DashboardDatabase, SessionRow } from './database.js';

/** A new opaque refresh token: 32 random bytes, base64url (only its hash is stored). */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

const hashOf = (token: string) => createHash('sha256').update(token).digest();

/** What presenting a refresh token came to. */
export type Rotation =
  | { readonly kind: 'rotated'; readonly session: SessionRow; readonly refreshToken: string }
  /** Presented again within the grace window after its rotation (two tabs at once): no new token. */
  | { readonly kind: 'grace'; readonly session: SessionRow }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'ended'; readonly reason: string }
  /** Presented again after the grace window: the session has just been revoked. */
  | { readonly kind: 'reused'; readonly sessionId: string };

/** Lifetimes that decide whether a session may still be refreshed. */
export interface SessionPolicy {
  readonly idleMs: number;
  readonly reuseGraceMs: number;
}

/** A session as the login creates it. */
export interface NewSessionInput {
  readonly user: DiscordUser;
  readonly sealedDiscordTokens: Buffer;
  readonly guilds: readonly DiscordGuildEntry[];
  readonly now: Date;
  readonly expiresAt: Date;
}

/** Sessions and refresh tokens in the dashboard's Postgres schema. */
export function createSessionStore(db: Kysely<DashboardDatabase>) {
  return {
    /** Creates a session and its first refresh token in one transaction. */
    async create(input: NewSessionInput): Promise<{ sessionId: string; refreshToken: string }> {
      const refreshToken = newRefreshToken();
      const sessionId = await db.transaction().execute(async (trx) => {
        const { id } = await trx
          .insertInto('sessions')
          .values({
            user_id: input.user.id,
            username: input.user.username,
            global_name: input.user.global_name,
            avatar: input.user.avatar,
            discord_tokens: input.sealedDiscordTokens,
            guilds: JSON.stringify(input.guilds),
            guilds_fetched_at: input.now,
            created_at: input.now,
            last_used_at: input.now,
            expires_at: input.expiresAt,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('refresh_tokens')
          .values({ token_hash: hashOf(refreshToken), session_id: id, created_at: input.now })
          .execute();
        return id;
      });
      return { sessionId, refreshToken };
    },

    /**
     * Presents a refresh token: rotates it (one new token, the old one marked used), or recognises
     * a reuse and revokes the session. The token's row and its session are locked, so two
     * presentations of one token are decided one after the other: exactly one rotates.
     */
    async rotate(token: string, now: Date, policy: SessionPolicy): Promise<Rotation> {
      return db.transaction().execute(async (trx): Promise<Rotation> => {
        const row = await trx
          .selectFrom('refresh_tokens as r')
          .innerJoin('sessions as s', 's.id', 'r.session_id')
          .selectAll('s')
          .select(['r.used_at as token_used_at'])
          .where('r.token_hash', '=', hashOf(token))
          .forUpdate()
          .executeTakeFirst();
        if (row === undefined) return { kind: 'unknown' };
        const { token_used_at: usedAt, ...session } = row;
        if (session.revoked_at !== null) return { kind: 'ended', reason: session.revoke_reason ?? 'revoked' };
        if (session.expires_at <= now) return { kind: 'ended', reason: 'expired' };
        if (session.last_used_at.getTime() + policy.idleMs <= now.getTime())
          return { kind: 'ended', reason: 'unused for too long' };
        if (usedAt !== null) {
          if (now.getTime() - usedAt.getTime() < policy.reuseGraceMs) return { kind: 'grace', session };
          await trx
            .updateTable('sessions')
            .set({ revoked_at: now, revoke_reason: 'refresh token reused' })
            .where('id', '=', session.id)
            .execute();
          return { kind: 'reused', sessionId: session.id };
        }
        const refreshToken = newRefreshToken();
        await trx
          .updateTable('refresh_tokens')
          .set({ used_at: now })
          .where('token_hash', '=', hashOf(token))
          .execute();
        await trx
          .insertInto('refresh_tokens')
          .values({ token_hash: hashOf(refreshToken), session_id: session.id, created_at: now })
          .execute();
        await trx.updateTable('sessions').set({ last_used_at: now }).where('id', '=', session.id).execute();
        return { kind: 'rotated', session: { ...session, last_used_at: now }, refreshToken };
      });
    },

    /** Stores a fresh guild list (and the Discord tokens, when they were refreshed to read it). */
    async saveGuilds(
      sessionId: string,
      guilds: readonly DiscordGuildEntry[],
      fetchedAt: Date,
      sealedTokens?: Buffer,
    ) {
      await db
        .updateTable('sessions')
        .set({
          guilds: JSON.stringify(guilds),
          guilds_fetched_at: fetchedAt,
          ...(sealedTokens === undefined ? {} : { discord_tokens: sealedTokens }),
        })
        .where('id', '=', sessionId)
        .execute();
    },

    async saveGrants(sessionId: string, grants: Readonly<Record<string, string>>) {
      await db
        .updateTable('sessions')
        .set({ grants: JSON.stringify(grants) })
        .where('id', '=', sessionId)
        .execute();
    },

    /** Ends the session a refresh token belongs to (logout); returns its row when there was one to end. */
    async revokeByToken(token: string, now: Date, reason: string): Promise<SessionRow | undefined> {
      return db
        .updateTable('sessions')
        .set({ revoked_at: now, revoke_reason: reason })
        .where('revoked_at', 'is', null)
        .where('id', '=', (eb) =>
          eb.selectFrom('refresh_tokens').select('session_id').where('token_hash', '=', hashOf(token)),
        )
        .returningAll()
        .executeTakeFirst();
    },

    async revoke(sessionId: string, now: Date, reason: string) {
      await db
        .updateTable('sessions')
        .set({ revoked_at: now, revoke_reason: reason })
        .where('id', '=', sessionId)
        .where('revoked_at', 'is', null)
        .execute();
    },

    /** Deletes sessions (and their tokens) that ended over a day ago; returns how many. */
    async purgeEnded(now: Date): Promise<number> {
      const dayAgo = new Date(now.getTime() - 86_400_000);
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<', dayAgo), eb('revoked_at', '<', dayAgo)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async byId(sessionId: string): Promise<SessionRow | undefined> {
      return db.selectFrom('sessions').selectAll().where('id', '=', sessionId).executeTakeFirst();
    },
  };
}

/** The session store's operations. */
export type SessionStore = ReturnType<typeof createSessionStore>;
