import type WebSocket from 'ws';
import type { FakeDiscordContext } from '../context.js';
import { PRIVILEGED_INTENTS } from '../options.js';
import { shardOfGuild } from '../snowflake.js';
import { guildCreatePayload } from '../state/payloads.js';
import { CloseCode, Intent, KNOWN_INTENTS, Op } from './constants.js';
import type { SessionRegistry } from './registry.js';
import { canReplayFrom, createSession, dispatch, type GatewaySession, replayFrom } from './session.js';

/** A gateway connection and the session it carries once identified or resumed. */
export interface Connection {
  socket: WebSocket;
  session: GatewaySession | undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function applicationFlags(allowed: number): number {
  let flags = 0;
  if (allowed & Intent.GuildPresences) flags |= 1 << 12;
  if (allowed & Intent.GuildMembers) flags |= 1 << 14;
  if (allowed & Intent.MessageContent) flags |= 1 << 18;
  return flags;
}

/** Handles IDENTIFY: checks token, shard and intents, then sends READY and a GUILD_CREATE per guild. */
export function identify(
  ctx: FakeDiscordContext,
  registry: SessionRegistry,
  conn: Connection,
  d: unknown,
): void {
  const { socket } = conn;
  if (conn.session) {
    socket.close(CloseCode.AlreadyAuthenticated, 'Already authenticated.');
    return;
  }
  if (!isRecord(d) || typeof d.token !== 'string' || !isRecord(d.properties)) {
    socket.close(CloseCode.DecodeError, 'Error while decoding payload.');
    return;
  }
  if (d.token.replace(/^Bot /, '') !== ctx.options.token) {
    socket.close(CloseCode.AuthenticationFailed, 'Authentication failed.');
    return;
  }
  const shard = d.shard ?? [0, 1];
  const [shardId, shardCount] = Array.isArray(shard) ? shard : [];
  if (
    !Number.isInteger(shardId) ||
    !Number.isInteger(shardCount) ||
    shardId < 0 ||
    shardCount < 1 ||
    shardId >= shardCount
  ) {
    socket.close(CloseCode.InvalidShard, 'Invalid shard.');
    return;
  }
  const intents = d.intents;
  if (
    typeof intents !== 'number' ||
    !Number.isInteger(intents) ||
    intents < 0 ||
    (intents & ~KNOWN_INTENTS) !== 0
  ) {
    socket.close(CloseCode.InvalidIntents, 'Invalid intent(s).');
    return;
  }
  if ((intents & PRIVILEGED_INTENTS & ~ctx.options.allowedPrivilegedIntents) !== 0) {
    socket.close(CloseCode.DisallowedIntents, 'Disallowed intent(s).');
    return;
  }
  const session = createSession(shardId, shardCount, intents);
  conn.session = session;
  registry.attach(session, socket);
  const guilds = [...ctx.store.guilds.values()].filter(
    (g) => shardOfGuild(g.id, shardCount) === shardId && g.members.has(ctx.botUser.id),
  );
  dispatch(ctx, session, 'READY', {
    v: 10,
    user: { ...ctx.botUser, verified: true, mfa_enabled: false, email: null },
    user_settings: {},
    guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
    session_id: session.id,
    session_type: 'normal',
    resume_gateway_url: ctx.urls.gateway,
    shard: [shardId, shardCount],
    application: { id: ctx.applicationId, flags: applicationFlags(ctx.options.allowedPrivilegedIntents) },
    private_channels: [],
    relationships: [],
    presences: [],
    guild_join_requests: [],
    geo_ordered_rtc_regions: [],
    auth: {},
  });
  for (const guild of guilds) dispatch(ctx, session, 'GUILD_CREATE', guildCreatePayload(ctx, guild));
  ctx.bus.publish({ kind: 'session', sessionId: session.id, change: 'identified' });
}

/**
 * Handles RESUME: replays every dispatch after the client's `seq`, then RESUMED. An unknown
 * session or a gap the backlog cannot fill gets INVALID_SESSION (d: false), as Discord does.
 */
export function resume(
  ctx: FakeDiscordContext,
  registry: SessionRegistry,
  conn: Connection,
  d: unknown,
): void {
  const { socket } = conn;
  if (conn.session) {
    socket.close(CloseCode.AlreadyAuthenticated, 'Already authenticated.');
    return;
  }
  if (
    !isRecord(d) ||
    typeof d.token !== 'string' ||
    typeof d.session_id !== 'string' ||
    typeof d.seq !== 'number'
  ) {
    socket.close(CloseCode.DecodeError, 'Error while decoding payload.');
    return;
  }
  if (d.token.replace(/^Bot /, '') !== ctx.options.token) {
    socket.close(CloseCode.AuthenticationFailed, 'Authentication failed.');
    return;
  }
  const session = registry.sessions.get(d.session_id);
  if (!session || !canReplayFrom(session, d.seq)) {
    socket.send(JSON.stringify({ op: Op.InvalidSession, d: false }));
    return;
  }
  conn.session = session;
  registry.attach(session, socket);
  session.resumes += 1;
  replayFrom(session, d.seq);
  dispatch(ctx, session, 'RESUMED', {});
  ctx.bus.publish({ kind: 'session', sessionId: session.id, change: 'resumed' });
}
