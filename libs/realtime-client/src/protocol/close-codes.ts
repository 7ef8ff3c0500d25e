/**
 * WebSocket close codes of the realtime protocol (docs/realtime-protocol.md §Close codes).
 * 1xxx are RFC 6455 codes used with their standard meaning; 4xxx are Guildwire's own.
 */
export const closeCodes = {
  /** The client (or server) ended the session normally. */
  normal: 1000,
  /** A frame exceeded the maximum frame size (RFC 6455 "message too big"). */
  frameTooLarge: 1009,
  /** The gateway hit an unexpected error; reconnect with backoff. */
  internalError: 1011,
  /** The gateway is shutting down or restarting; reconnect (another instance) and resume. */
  serviceRestart: 1012,
  /** No valid `auth` in time, or a frame other than `auth` before authentication. */
  unauthenticated: 4001,
  /** Too many malformed or unknown frames. */
  protocolViolation: 4002,
  /** The token is malformed, forged, for another audience, or names another user than the session. */
  tokenInvalid: 4003,
  /** The token expired; refresh it and reconnect. */
  tokenExpired: 4004,
  /** The client did not read fast enough and its send buffer overflowed; reconnect and resume. */
  slowConsumer: 4008,
  /** The user already has the maximum number of connections on this gateway instance. */
  tooManyConnections: 4009,
  /** Connections are opened too fast from this address; reconnect after a backoff. */
  rateLimited: 4029,
} as const;

/** One of the protocol's close codes. */
export type CloseCode = (typeof closeCodes)[keyof typeof closeCodes];

/** Close codes after which a client should reconnect (with backoff) and resume. */
export const reconnectableCloseCodes: ReadonlySet<number> = new Set([
  1001,
  1005,
  1006,
  closeCodes.internalError,
  closeCodes.serviceRestart,
  closeCodes.slowConsumer,
  closeCodes.rateLimited,
  closeCodes.tooManyConnections,
  closeCodes.tokenExpired,
]);
