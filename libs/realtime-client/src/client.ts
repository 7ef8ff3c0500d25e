import type { EventDef, EventJsonOf } from '@guildwire/contracts';
import { type BackoffOptions, backoffDelay } from './backoff.js';
import { type CursorStore, memoryCursorStore } from './cursor-store.js';
import { createGuildTracker, type GuildTracker } from './guild-tracker.js';
import { createPresenceViews, type PresenceListener } from './presence-views.js';
import { closeCodes } from './protocol/close-codes.js';
import { protocolName, tokenProtocolPrefix } from './protocol/endpoint.js';
import type { Cursor, ErrorFrame, ServerFrame } from './protocol/frames.js';
import { definitionOf, type RealtimeEvent } from './typed-event.js';
import { OPEN, type WebSocketConstructor, type WebSocketLike } from './websocket-like.js';

/** `live`: connected, authenticated, every subscription answered; `reconnecting`: on the way there; `offline`: stopped. */
export type ConnectionStatus = 'live' | 'reconnecting' | 'offline';

/** Why the application must reload a guild's state over HTTP. */
export interface ResyncInfo {
  readonly guildId: string;
  /** `subscribed`: first subscription without a cursor; `unrecovered`: the gap could not be filled. */
  readonly reason: 'subscribed' | 'unrecovered';
}

/** Options of `createRealtimeClient`. */
export interface RealtimeClientOptions {
  /** `ws(s)://host/v1/stream`. */
  readonly url: string;
  /** Returns a current token; called at every connect and before the token expires. */
  readonly getToken: () => string | Promise<string>;
  /** WebSocket implementation; default `globalThis.WebSocket` (pass `ws` in Node 20). */
  readonly WebSocket?: WebSocketConstructor;
  /** Cursor storage; default in memory. Use `storageCursorStore(localStorage)` to survive reloads. */
  readonly cursors?: CursorStore;
  readonly backoff?: BackoffOptions;
  /** Refresh this long before expiry (default 60 s; at most half the remaining lifetime). */
  readonly refreshBeforeExpiryMs?: number;
  /** Send the token as a subprotocol instead of an `auth` frame (default false). */
  readonly tokenInProtocol?: boolean;
  /** Application ping interval; a connection silent for two intervals is replaced (default 20 s). */
  readonly pingIntervalMs?: number;
}

/** A realtime connection to the gateway that keeps each subscribed guild gapless across reconnects. */
export interface RealtimeClient {
  readonly status: ConnectionStatus;
  /** Follows a guild (resuming from its stored cursor, if any). */
  subscribe(guildId: string): void;
  unsubscribe(guildId: string): void;
  /** The last position delivered for a guild. */
  cursor(guildId: string): Cursor | undefined;
  /** Every event, in order per guild. Returns an unsubscribe function. */
  onEvent(listener: (event: RealtimeEvent) => void): () => void;
  /** Events of one registry type, with their payload typed (dashboard JSON dialect). */
  on<D extends EventDef>(def: D, listener: (data: EventJsonOf<D>, event: RealtimeEvent) => void): () => void;
  onStatus(listener: (status: ConnectionStatus) => void): () => void;
  /** The application must (re)load the guild's state over HTTP. */
  onResync(listener: (info: ResyncInfo) => void): () => void;
  /**
   * Tells the gateway this person looks at `topic` (`ticket:<id>`) of a guild, for as long as the
   * returned function is not called; announced again after every reconnect. Staff and admins get
   * the topic's viewers (themselves included) now and at every change; members are counted but
   * receive no list. Throws TypeError on a malformed guild id or topic.
   */
  view(guildId: string, topic: string, onPresence: PresenceListener): () => void;
  /** `error` frames (`topic` set for a refused view) and fatal closes (code 4001/4002/4003). */
  onError(listener: (error: ClientError) => void): () => void;
  /** Closes for good; status becomes `offline`. */
  close(): void;
}

/** What `onError` reports. */
export interface ClientError {
  readonly code: string | number;
  readonly message: string;
  readonly guildId?: string;
  readonly topic?: string;
}

// Closes a new connection cannot fix: stop and report.
const fatalCloses = new Set<number>([
  closeCodes.unauthenticated,
  closeCodes.protocolViolation,
  closeCodes.tokenInvalid,
]);

function listeners<A extends unknown[]>() {
  const set = new Set<(...args: A) => void>();
  return {
    add(fn: (...args: A) => void) {
      set.add(fn);
      return () => void set.delete(fn);
    },
    emit(...args: A) {
      for (const fn of set) fn(...args);
    },
  };
}

/** Creates a client and starts connecting at once. */
export function createRealtimeClient(options: RealtimeClientOptions): RealtimeClient {
  const WS = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (WS === undefined) throw new TypeError('no WebSocket implementation: pass options.WebSocket');
  const store = options.cursors ?? memoryCursorStore();
  const pingIntervalMs = options.pingIntervalMs ?? 20_000;
  const trackers = new Map<string, GuildTracker>();
  const sentSince = new Map<string, Cursor | undefined>();
  const events = listeners<[RealtimeEvent]>();
  const statuses = listeners<[ConnectionStatus]>();
  const resyncs = listeners<[ResyncInfo]>();
  const errors = listeners<[ClientError]>();

  let status: ConnectionStatus = 'reconnecting';
  let ws: WebSocketLike | undefined;
  let authenticated = false;
  let stopped = false;
  let attempt = 0;
  let lastFrameAt = Date.now();
  let reconnectTimer: ReturnType<typeof setTimeout> | undefined;
  let refreshTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;

  const setStatus = (next: ConnectionStatus): void => {
    if (next === status) return;
    status = next;
    if (next === 'live') attempt = 0;
    statuses.emit(next);
  };
  const updateStatus = (): void => {
    if (stopped) {
      setStatus('offline');
      return;
    }
    const ready =
      ws?.readyState === OPEN && authenticated && [...trackers.values()].every((tr) => !tr.awaiting);
    setStatus(ready ? 'live' : 'reconnecting');
  };

  const send = (frame: object): void => {
    if (ws?.readyState === OPEN) ws.send(JSON.stringify(frame));
  };
  // Views are (re)announced only once authenticated: the `authenticated` handler sends them all.
  const views = createPresenceViews((frame) => {
    if (authenticated) send(frame);
  });

  const sendSubscribe = (tracker: GuildTracker): void => {
    const since = tracker.cursor;
    sentSince.set(tracker.guildId, since);
    tracker.subscribing();
    send(
      since
        ? { op: 'subscribe', guildId: tracker.guildId, since }
        : { op: 'subscribe', guildId: tracker.guildId },
    );
    updateStatus();
  };

  const scheduleRefresh = (expiresAt: number): void => {
    clearTimeout(refreshTimer);
    const remaining = expiresAt * 1000 - Date.now();
    const before = Math.min(options.refreshBeforeExpiryMs ?? 60_000, remaining / 2);
    refreshTimer = setTimeout(
      async () => {
        try {
          send({ op: 'auth', token: await options.getToken() });
        } catch (err) {
          errors.emit({ code: 'token_refresh_failed', message: String(err) });
        }
      },
      Math.max(0, remaining - before),
    );
  };

  const handle = (frame: ServerFrame): void => {
    switch (frame.op) {
      case 'authenticated': {
        const first = !authenticated;
        authenticated = true;
        scheduleRefresh(frame.expiresAt);
        if (first) {
          for (const tracker of trackers.values()) sendSubscribe(tracker);
          views.announceAll();
        }
        break;
      }
      case 'subscribed': {
        const tracker = trackers.get(frame.guildId);
        if (tracker === undefined) break;
        const cursor = tracker.subscribed(frame, sentSince.get(frame.guildId));
        store.set(frame.guildId, cursor);
        if (!frame.recovered) {
          resyncs.emit({
            guildId: frame.guildId,
            reason: sentSince.get(frame.guildId) ? 'unrecovered' : 'subscribed',
          });
        }
        break;
      }
      case 'event': {
        const tracker = trackers.get(frame.guildId);
        if (tracker === undefined) break;
        const verdict = tracker.accept(frame);
        if (verdict === 'gap') sendSubscribe(tracker);
        if (verdict !== 'deliver') break;
        store.set(frame.guildId, tracker.cursor!);
        const { guildId, seq, type, data, ts } = frame;
        events.emit({ guildId, seq, type, data, ts, def: definitionOf(type) });
        break;
      }
      case 'unsubscribed': {
        const tracker = trackers.get(frame.guildId);
        if (tracker === undefined || frame.reason === undefined) break;
        if (frame.reason === 'forbidden') {
          trackers.delete(frame.guildId);
          errors.emit({
            code: 'forbidden',
            message: 'the token no longer grants this guild',
            guildId: frame.guildId,
          });
        } else {
          // The server could not read the gap: reconnecting retries the resume with backoff.
          ws?.close(closeCodes.normal, 'retry resume');
        }
        break;
      }
      case 'error':
        errors.emit(errorOf(frame));
        if (frame.topic !== undefined && frame.guildId !== undefined)
          views.refused(frame.code, frame.guildId, frame.topic);
        else if (frame.code === 'forbidden' && frame.guildId !== undefined) trackers.delete(frame.guildId);
        break;
      case 'presence':
        views.presence(frame);
        break;
      case 'pong':
        break;
    }
    updateStatus();
  };

  const onClosed = (socket: WebSocketLike, code: number, reason: string): void => {
    if (ws !== socket) return;
    ws = undefined;
    authenticated = false;
    clearTimeout(refreshTimer);
    clearInterval(pingTimer);
    if (stopped || fatalCloses.has(code)) {
      if (!stopped) errors.emit({ code, message: reason || 'connection refused' });
      setStatus('offline');
      return;
    }
    setStatus('reconnecting');
    reconnectTimer = setTimeout(connect, backoffDelay(attempt++, options.backoff));
  };

  async function connect(): Promise<void> {
    if (stopped) return;
    let token: string;
    try {
      token = await options.getToken();
    } catch (err) {
      errors.emit({ code: 'token_unavailable', message: String(err) });
      reconnectTimer = setTimeout(connect, backoffDelay(attempt++, options.backoff));
      return;
    }
    if (stopped) return;
    const socket = new WS!(
      options.url,
      options.tokenInProtocol ? [protocolName, tokenProtocolPrefix + token] : [protocolName],
    );
    ws = socket;
    lastFrameAt = Date.now();
    socket.onopen = () => {
      if (!options.tokenInProtocol) socket.send(JSON.stringify({ op: 'auth', token }));
      pingTimer = setInterval(() => {
        if (Date.now() - lastFrameAt > 2 * pingIntervalMs) socket.close(4000, 'ping timeout');
        else if (socket.readyState === OPEN) socket.send('{"op":"ping"}');
      }, pingIntervalMs);
    };
    socket.onmessage = (event) => {
      if (ws !== socket) return;
      lastFrameAt = Date.now();
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(event.data)) as ServerFrame;
      } catch {
        return;
      }
      handle(frame);
    };
    socket.onclose = (event) => onClosed(socket, event.code, event.reason);
    socket.onerror = () => undefined;
  }

  void connect();

  return {
    get status() {
      return status;
    },
    subscribe(guildId) {
      if (trackers.has(guildId)) return;
      const tracker = createGuildTracker(guildId, store.get(guildId));
      trackers.set(guildId, tracker);
      if (authenticated) sendSubscribe(tracker);
      updateStatus();
    },
    unsubscribe(guildId) {
      if (!trackers.delete(guildId)) return;
      send({ op: 'unsubscribe', guildId });
      updateStatus();
    },
    cursor: (guildId) => trackers.get(guildId)?.cursor ?? store.get(guildId),
    onEvent: (listener) => events.add(listener),
    on(def, listener) {
      return events.add((event) => {
        if (event.type === def.type) listener(event.data as EventJsonOf<typeof def>, event);
      });
    },
    onStatus: (listener) => statuses.add(listener),
    onResync: (listener) => resyncs.add(listener),
    view: (guildId, topic, onPresence) => views.view(guildId, topic, onPresence),
    onError: (listener) => errors.add(listener),
    close() {
      stopped = true;
      clearTimeout(reconnectTimer);
      clearTimeout(refreshTimer);
      clearInterval(pingTimer);
      ws?.close(closeCodes.normal, 'client closed');
      setStatus('offline');
    },
  };
}

function errorOf(frame: ErrorFrame): ClientError {
  const { code, message, guildId, topic } = frame;
  if (guildId === undefined) return { code, message };
  return topic === undefined ? { code, message, guildId } : { code, message, guildId, topic };
}
