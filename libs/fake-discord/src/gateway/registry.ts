import type WebSocket from 'ws';
import type { FakeDiscordContext } from '../context.js';
import type { GatewaySession } from './session.js';

/** The live and resumable sessions of one server. */
export interface SessionRegistry {
  readonly sessions: Map<string, GatewaySession>;
  /** Binds a session to a connection, replacing (and closing) any connection it had. */
  attach(session: GatewaySession, socket: WebSocket): void;
  /** Unbinds a session from its closed connection; it stays resumable for the resume window. */
  detach(session: GatewaySession, socket: WebSocket): void;
}

/** Creates the session registry. */
export function createSessionRegistry(ctx: FakeDiscordContext): SessionRegistry {
  const sessions = new Map<string, GatewaySession>();
  return {
    sessions,
    attach(session, socket) {
      session.cancelExpiry?.();
      session.cancelExpiry = undefined;
      const previous = session.socket;
      session.socket = socket;
      sessions.set(session.id, session);
      // A client resuming while its old connection still looks open: the old one is a zombie.
      if (previous && previous !== socket) previous.terminate();
    },
    detach(session, socket) {
      if (session.socket !== socket) return;
      session.socket = null;
      session.cancelExpiry = ctx.schedule(ctx.options.resumeWindowMs, () => sessions.delete(session.id));
      ctx.bus.publish({ kind: 'session', sessionId: session.id, change: 'disconnected' });
    },
  };
}
