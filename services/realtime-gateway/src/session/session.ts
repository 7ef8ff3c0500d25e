import type { Socket } from 'node:net';
import { isGuildwireError } from '@guildwire/errors';
import { type ClientFrame, closeCodes, errorCodes } from '@guildwire/realtime-client/protocol';
import type { GuildwireClaims } from '@guildwire/service-kit';
import type { RawData, WebSocket } from 'ws';
import type { Outbound } from '../core/outbound.js';
import { errorFrame, pongFrame, unsubscribedFrame } from '../core/server-frames.js';
import { createSubscription, type Subscription } from '../core/subscription.js';
import { type FrameProblem, isFrameProblem, parseClientFrame } from './client-frame.js';
import { createOutbound } from './outbound.js';
import type { SessionContext } from './session-context.js';
import { createSessionViews } from './session-views.js';

/** One WebSocket connection: authentication, its subscriptions, its presence views and liveness. */
export interface Session {
  readonly userId: string | undefined;
  readonly outbound: Outbound;
  /** Protocol ping; a peer that did not answer the previous one is terminated. */
  heartbeat(): void;
  close(code: number, reason: string): void;
}

// A client sending this many bad frames is broken or hostile: stop answering each one.
const maxBadFrames = 20;
// setTimeout's largest delay; a token valid longer is re-armed when the timer fires.
const maxTimerMs = 2 ** 31 - 1;

/** Options of one session. */
export interface SessionOptions {
  readonly ws: WebSocket;
  readonly socket: Socket;
  /** Token offered as a `guildwire.token.<jwt>` subprotocol, if any. */
  readonly protocolToken: string | undefined;
  readonly ctx: SessionContext;
  readonly onClose: (session: Session) => void;
}

/** Starts serving a just-upgraded connection. */
export function openSession(options: SessionOptions): Session {
  const { ws, ctx } = options;
  const log = ctx.logger;
  const subs = new Map<string, Subscription>();
  let claims: GuildwireClaims | undefined;
  let userId: string | undefined;
  let badFrames = 0;
  let alive = true;
  let ended = false;
  let expiryTimer: NodeJS.Timeout | undefined;
  let queue: Promise<void> = Promise.resolve();

  const outbound = createOutbound(ws, options.socket, {
    maxBufferedBytes: ctx.limits.sendBufferBytes,
    corkQueue: ctx.corkQueue,
    onOverflow: () => {
      ctx.metrics.slowConsumerCloses.inc();
      log.info({ userId, buffered: ws.bufferedAmount }, 'closing slow consumer');
      close(closeCodes.slowConsumer, 'slow consumer: send buffer full');
    },
  });
  const views = createSessionViews(ctx.presence, outbound, ctx.limits.maxViews);
  const sendError = (code: string, message: string, guildId?: string) =>
    outbound.send(errorFrame(code, message, guildId));

  const close = (code: number, reason: string): void => {
    outbound.close(code, reason);
    cleanup();
  };
  const reject = (code: number, reason: string, metric: string): void => {
    ctx.metrics.rejectedConnections.inc({ reason: metric });
    close(code, reason);
  };

  const authTimer = setTimeout(() => {
    if (claims === undefined) reject(closeCodes.unauthenticated, 'authentication timeout', 'auth_timeout');
  }, ctx.limits.authTimeoutMs);

  const armExpiry = (exp: number): void => {
    clearTimeout(expiryTimer);
    const inMs = exp * 1000 - Date.now();
    expiryTimer = setTimeout(
      () => (exp * 1000 <= Date.now() ? close(closeCodes.tokenExpired, 'token expired') : armExpiry(exp)),
      Math.max(0, Math.min(inMs, maxTimerMs)),
    );
  };

  const authenticate = async (token: string): Promise<void> => {
    let verified: GuildwireClaims;
    try {
      verified = await ctx.verifyToken(token);
    } catch (err) {
      // Only the error code is logged, never the token.
      const code = isGuildwireError(err) ? err.code : 'unknown';
      if (code === 'GW_ERR_TOKEN_EXPIRED')
        return reject(closeCodes.tokenExpired, 'token expired', 'token_expired');
      if (code === 'GW_ERR_UNAVAILABLE')
        return reject(closeCodes.internalError, 'token keys unavailable', 'auth_unavailable');
      const message = isGuildwireError(err) ? err.message : 'token rejected';
      return reject(closeCodes.tokenInvalid, message.slice(0, 120), 'token_invalid');
    }
    if (ended) return;
    if (userId !== undefined && verified.sub !== userId) {
      return reject(closeCodes.tokenInvalid, 'token names another user', 'token_user_mismatch');
    }
    if (userId === undefined) {
      if (!ctx.userConnections.tryAdd(verified.sub)) {
        return reject(
          closeCodes.tooManyConnections,
          'too many connections for this user',
          'too_many_connections',
        );
      }
      userId = verified.sub;
      clearTimeout(authTimer);
    }
    claims = verified;
    for (const sub of subs.values()) {
      const role = verified.guilds[sub.guildId];
      if (role === undefined) ctx.subscriptions.drop(sub, 'forbidden');
      else sub.role = role;
    }
    views.rolesChanged(verified.guilds);
    armExpiry(verified.exp);
    outbound.send(JSON.stringify({ op: 'authenticated', userId, expiresAt: verified.exp }));
  };

  const subscribe = async (guildId: string, frame: ClientFrame & { op: 'subscribe' }): Promise<void> => {
    const role = claims?.guilds[guildId];
    if (role === undefined) {
      sendError(errorCodes.forbidden, `the token grants no role in guild ${guildId}`, guildId);
      return;
    }
    const existing = subs.get(guildId);
    if (existing !== undefined) unsubscribe(existing);
    else if (activeCount() >= ctx.limits.maxSubscriptions) {
      sendError(
        errorCodes.tooManySubscriptions,
        `at most ${ctx.limits.maxSubscriptions} subscriptions per connection`,
        guildId,
      );
      return;
    }
    const sub = createSubscription(guildId, userId!, role, outbound);
    subs.set(guildId, sub);
    await ctx.subscriptions.begin(sub, frame.since);
  };

  const activeCount = (): number => {
    for (const [guildId, sub] of subs) if (sub.mode === 'ended') subs.delete(guildId);
    return subs.size;
  };

  const unsubscribe = (sub: Subscription): void => {
    ctx.subscriptions.end(sub);
    subs.delete(sub.guildId);
  };

  const handle = async (frame: ClientFrame): Promise<void> => {
    if (ended) return;
    if (claims === undefined && frame.op !== 'auth') {
      return reject(closeCodes.unauthenticated, 'authenticate first', 'unauthenticated_frame');
    }
    switch (frame.op) {
      case 'auth':
        return authenticate(frame.token);
      case 'ping':
        outbound.send(pongFrame);
        return;
      case 'subscribe':
        return subscribe(frame.guildId, frame);
      case 'unsubscribe': {
        const sub = subs.get(frame.guildId);
        if (sub === undefined || sub.mode === 'ended') {
          sendError(errorCodes.notSubscribed, `not subscribed to guild ${frame.guildId}`, frame.guildId);
          return;
        }
        unsubscribe(sub);
        outbound.send(unsubscribedFrame(frame.guildId));
        return;
      }
      case 'view':
        views.view(frame, userId!, claims?.guilds[frame.guildId]);
        return;
      case 'unview':
        views.unview(frame);
    }
  };

  const handleRaw = async (parsed: ClientFrame | FrameProblem | undefined): Promise<void> => {
    if (ended) return;
    if (parsed !== undefined && !isFrameProblem(parsed)) return handle(parsed);
    if (claims === undefined)
      return reject(closeCodes.unauthenticated, 'authenticate first', 'unauthenticated_frame');
    sendError(parsed?.code ?? errorCodes.badFrame, parsed?.message ?? 'frames are JSON text');
    if (++badFrames > maxBadFrames)
      reject(closeCodes.protocolViolation, 'too many bad frames', 'protocol_violation');
  };

  const onMessage = (data: RawData, isBinary: boolean): void => {
    alive = true;
    if (ended) return;
    const parsed = isBinary ? undefined : parseClientFrame(rawText(data));
    // Frames are handled one after another, answers in request order: a subscribe that waits for
    // the stream stays ahead of the frames sent after it, and frames sent right behind `auth` wait
    // for its verification.
    queue = queue
      .then(() => handleRaw(parsed))
      .catch((err) => {
        log.error({ err, userId }, 'frame handling failed');
        close(closeCodes.internalError, 'internal error');
      });
  };

  const cleanup = (): void => {
    if (ended) return;
    ended = true;
    clearTimeout(authTimer);
    clearTimeout(expiryTimer);
    for (const sub of subs.values()) unsubscribe(sub);
    views.endAll();
    if (userId !== undefined) ctx.userConnections.remove(userId);
    options.onClose(session);
  };

  ws.on('message', onMessage);
  ws.on('pong', () => {
    alive = true;
  });
  ws.on('close', cleanup);
  // ws reports a protocol violation (oversized frame → 1009, bad opcode or UTF-8 → 1002/1007) here
  // and closes the connection itself with the matching code; without a listener it would crash us.
  ws.on('error', (err: Error & { code?: string }) => {
    log.debug({ userId, code: err.code, reason: err.message }, 'websocket protocol error');
  });
  if (options.protocolToken !== undefined) {
    const token = options.protocolToken;
    queue = queue.then(() => authenticate(token));
  }

  const session: Session = {
    get userId() {
      return userId;
    },
    outbound,
    heartbeat() {
      if (ended) return;
      if (!alive) {
        ws.terminate();
        cleanup();
        return;
      }
      alive = false;
      ws.ping();
    },
    close,
  };
  return session;
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
