import type { JsonValue } from '@bufbuild/protobuf';

/** A client's position in one guild's event stream: the last seq it has, in the stream `epoch`. */
export interface Cursor {
  readonly seq: number;
  readonly epoch: string;
}

/** `auth` — first frame (unless the token came as a subprotocol), and later to refresh the token. */
export interface AuthFrame {
  readonly op: 'auth';
  readonly token: string;
}

/** `subscribe` — start receiving a guild's events, optionally resuming after `since`. */
export interface SubscribeFrame {
  readonly op: 'subscribe';
  readonly guildId: string;
  readonly since?: Cursor;
}

/** `unsubscribe` — stop receiving a guild's events. */
export interface UnsubscribeFrame {
  readonly op: 'unsubscribe';
  readonly guildId: string;
}

/** `ping` — application-level liveness check (browsers cannot send protocol pings). */
export interface PingFrame {
  readonly op: 'ping';
}

/** `view` — the connection's person is looking at `topic` of a guild (presence). */
export interface ViewFrame {
  readonly op: 'view';
  readonly guildId: string;
  /** `ticket:<ticketId>` (see `presenceTopicPattern`). */
  readonly topic: string;
}

/** `unview` — the connection no longer looks at `topic`. */
export interface UnviewFrame {
  readonly op: 'unview';
  readonly guildId: string;
  readonly topic: string;
}

/** Every frame a client may send. */
export type ClientFrame = AuthFrame | SubscribeFrame | UnsubscribeFrame | PingFrame | ViewFrame | UnviewFrame;

/** `authenticated` — the token was accepted (first auth or refresh). */
export interface AuthenticatedFrame {
  readonly op: 'authenticated';
  readonly userId: string;
  /** Token expiry, Unix seconds; the socket closes with 4004 at that time unless refreshed. */
  readonly expiresAt: number;
}

/**
 * `subscribed` — answer to `subscribe`, and sent unsolicited with `recovered: false` when the stream
 * was recreated or a resume turned out impossible.
 */
export interface SubscribedFrame {
  readonly op: 'subscribed';
  readonly guildId: string;
  /** The gateway's latest stream seq; `prev` of the next event when `recovered` is false. */
  readonly head: number;
  readonly epoch: string;
  /** True only when `since` was honoured: every missed visible event follows, then live events. */
  readonly recovered: boolean;
}

/** `unsubscribed` — answer to `unsubscribe`, or the server ended a subscription (`reason`). */
export interface UnsubscribedFrame {
  readonly op: 'unsubscribed';
  readonly guildId: string;
  readonly reason?: 'forbidden' | 'replay_failed';
}

/** `event` — one guild event; `data` is its protobuf message in the dashboard JSON dialect. */
export interface EventFrame {
  readonly op: 'event';
  readonly guildId: string;
  /** JetStream stream sequence of the event. */
  readonly seq: number;
  /** seq of the previous event this connection received for the guild (see the protocol doc). */
  readonly prev: number;
  /** Event type from the subject registry, e.g. `ticket.claimed`. */
  readonly type: string;
  readonly data: JsonValue;
  /** When the stream stored the event, Unix milliseconds. */
  readonly ts: number;
}

/** `error` — a request could not be served; the connection stays open. */
export interface ErrorFrame {
  readonly op: 'error';
  readonly code: string;
  readonly message: string;
  readonly guildId?: string;
  /** The presence topic a refused `view`/`unview` named (or a view the server ended). */
  readonly topic?: string;
}

/** One person viewing a presence topic. */
export interface PresenceViewer {
  readonly userId: string;
  /** When they began viewing (their earliest open view), Unix milliseconds. */
  readonly since: number;
}

/**
 * `presence` — who views `topic` now, over every gateway instance; sent to staff and admins of the
 * guild viewing the topic, as the answer to `view` and whenever the set changes.
 */
export interface PresenceFrame {
  readonly op: 'presence';
  readonly guildId: string;
  readonly topic: string;
  /** Ordered by `since`, then `userId`; includes the recipient. */
  readonly viewers: readonly PresenceViewer[];
}

/** `pong` — answer to `ping`. */
export interface PongFrame {
  readonly op: 'pong';
}

/** Every frame the gateway sends. */
export type ServerFrame =
  | AuthenticatedFrame
  | SubscribedFrame
  | UnsubscribedFrame
  | EventFrame
  | ErrorFrame
  | PongFrame
  | PresenceFrame;
