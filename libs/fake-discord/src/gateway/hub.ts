import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import WebSocket, { WebSocketServer } from 'ws';
import type { FakeDiscordContext } from '../context.js';
import { shardOfGuild } from '../snowflake.js';
import { acceptConnection } from './connection.js';
import { Op } from './constants.js';
import { applyMessageContentIntent, intentAllows } from './intents.js';
import { createSessionRegistry } from './registry.js';
import { dispatch, type GatewaySession, sendFrame } from './session.js';

/** A summary of a gateway session, for tests. */
export interface SessionInfo {
  id: string;
  shard: [number, number];
  intents: number;
  seq: number;
  connected: boolean;
  resumes: number;
}

/** The gateway side of the server: accepts WebSocket upgrades and routes dispatches to sessions. */
export interface GatewayHub {
  /** Takes over an HTTP upgrade request for the gateway path. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  sessions(): SessionInfo[];
  /** Cuts every connection abruptly, as a network failure would; sessions stay resumable. */
  dropConnections(): void;
  /** Sends op 7 RECONNECT to every connection (Discord asks clients to reconnect and resume). */
  requestReconnect(): void;
  /** Forgets every session, so the next RESUME gets INVALID_SESSION. */
  invalidateSessions(): void;
  /** Sends a text frame as is (unnumbered, not kept for RESUME) to every connected session. */
  sendRaw(frame: string): number;
  close(): void;
}

function routes(session: GatewaySession, guildId: string | null): boolean {
  const shard = guildId === null ? 0 : shardOfGuild(guildId, session.shardCount);
  return shard === session.shardId;
}

/** Creates the gateway hub and subscribes it to the server's state changes. */
export function createGatewayHub(ctx: FakeDiscordContext): GatewayHub {
  const registry = createSessionRegistry(ctx);
  const wss = new WebSocketServer({ noServer: true });
  let closed = false;
  const unsubscribe = ctx.bus.subscribe((event) => {
    if (event.kind !== 'dispatch') return;
    for (const session of registry.sessions.values()) {
      if (!routes(session, event.guildId) || !intentAllows(event.name, session.intents)) continue;
      const data = applyMessageContentIntent(event.name, event.data, session.intents, ctx.botUser.id);
      dispatch(ctx, session, event.name, data);
    }
  });
  return {
    handleUpgrade(request, socket, head) {
      if (closed) {
        socket.destroy();
        return;
      }
      wss.handleUpgrade(request, socket, head, (ws) => {
        acceptConnection(ctx, registry, ws, new URL(request.url ?? '/', 'http://localhost'));
      });
    },
    sessions() {
      return [...registry.sessions.values()].map((s) => ({
        id: s.id,
        shard: [s.shardId, s.shardCount],
        intents: s.intents,
        seq: s.seq,
        connected: s.socket?.readyState === WebSocket.OPEN,
        resumes: s.resumes,
      }));
    },
    dropConnections() {
      for (const client of wss.clients) client.terminate();
    },
    requestReconnect() {
      for (const session of registry.sessions.values())
        sendFrame(session, JSON.stringify({ op: Op.Reconnect, d: null }));
    },
    invalidateSessions() {
      for (const session of registry.sessions.values()) session.cancelExpiry?.();
      registry.sessions.clear();
    },
    sendRaw(frame) {
      let sent = 0;
      for (const session of registry.sessions.values()) {
        if (session.socket?.readyState !== WebSocket.OPEN) continue;
        sendFrame(session, frame);
        sent++;
      }
      return sent;
    },
    close() {
      closed = true;
      unsubscribe();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
