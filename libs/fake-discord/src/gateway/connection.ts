import type WebSocket from 'ws';
import type { RawData } from 'ws';
import type { FakeDiscordContext } from '../context.js';
import { CloseCode, GATEWAY_VERSIONS, Op } from './constants.js';
import { type Connection, identify, resume } from './handshake.js';
import type { SessionRegistry } from './registry.js';

interface Frame {
  op: number;
  d: unknown;
}

function decode(raw: RawData): Frame | undefined {
  try {
    const value: unknown = JSON.parse(raw.toString());
    if (typeof value !== 'object' || value === null || !('op' in value) || typeof value.op !== 'number') {
      return undefined;
    }
    return { op: value.op, d: 'd' in value ? value.d : undefined };
  } catch {
    return undefined;
  }
}

function requestGuildMembers(ctx: FakeDiscordContext, conn: Connection, d: unknown): void {
  const request = (typeof d === 'object' && d !== null ? d : {}) as { guild_id?: unknown; nonce?: unknown };
  const guildIds = Array.isArray(request.guild_id) ? request.guild_id : [request.guild_id];
  for (const guildId of guildIds) {
    const guild = typeof guildId === 'string' ? ctx.store.guilds.get(guildId) : undefined;
    if (!guild || !conn.session) continue;
    const members = [...guild.members.values()].map((m) => ({
      user: ctx.store.users.get(m.userId),
      nick: m.nick,
      roles: m.roles,
      joined_at: m.joined_at,
      deaf: false,
      mute: false,
      flags: 0,
    }));
    const nonce = typeof request.nonce === 'string' ? { nonce: request.nonce } : {};
    ctx.bus.publish({
      kind: 'dispatch',
      name: 'GUILD_MEMBERS_CHUNK',
      guildId: guild.id,
      data: { guild_id: guild.id, members, chunk_index: 0, chunk_count: 1, not_found: [], ...nonce },
    });
  }
}

/**
 * Runs one gateway connection: HELLO, then heartbeats (a client that misses them past the
 * timeout is closed with 4009 and may resume), IDENTIFY or RESUME, and the client commands.
 * Transport compression (`compress=zlib-stream`) is ignored: frames are always plain JSON text.
 */
export function acceptConnection(
  ctx: FakeDiscordContext,
  registry: SessionRegistry,
  socket: WebSocket,
  url: URL,
): void {
  const conn: Connection = { socket, session: undefined };
  if (!GATEWAY_VERSIONS.has(url.searchParams.get('v') ?? '10')) {
    socket.close(CloseCode.InvalidApiVersion, 'Invalid API version.');
    return;
  }
  if ((url.searchParams.get('encoding') ?? 'json') !== 'json') {
    socket.close(CloseCode.DecodeError, 'Only encoding=json is supported.');
    return;
  }
  const { heartbeatIntervalMs, heartbeatTimeoutFactor } = ctx.options;
  const timeout = Math.round(heartbeatIntervalMs * heartbeatTimeoutFactor);
  const onMissedHeartbeat = () => socket.close(CloseCode.SessionTimedOut, 'Session timed out.');
  let cancelTimeout = ctx.schedule(timeout, onMissedHeartbeat);

  socket.on('message', (raw) => {
    const frame = decode(raw);
    if (!frame) {
      socket.close(CloseCode.DecodeError, 'Error while decoding payload.');
      return;
    }
    switch (frame.op) {
      case Op.Heartbeat:
        cancelTimeout();
        cancelTimeout = ctx.schedule(timeout, onMissedHeartbeat);
        return socket.send(JSON.stringify({ op: Op.HeartbeatAck }));
      case Op.Identify:
        return identify(ctx, registry, conn, frame.d);
      case Op.Resume:
        return resume(ctx, registry, conn, frame.d);
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
      case Op.RequestGuildMembers:
      case Op.RequestSoundboardSounds:
        if (!conn.session) {
          socket.close(CloseCode.NotAuthenticated, 'Not authenticated.');
          return;
        }
        if (frame.op === Op.RequestGuildMembers) requestGuildMembers(ctx, conn, frame.d);
        return;
      default:
        socket.close(CloseCode.UnknownOpcode, 'Unknown opcode.');
        return;
    }
  });
  socket.on('close', () => {
    cancelTimeout();
    if (conn.session) registry.detach(conn.session, socket);
  });
  socket.on('error', () => socket.terminate());
  socket.send(JSON.stringify({ op: Op.Hello, d: { heartbeat_interval: heartbeatIntervalMs } }));
}
