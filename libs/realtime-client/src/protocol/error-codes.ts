/** Codes carried by `error` frames; the connection stays open after each of them. */
export const errorCodes = {
  /** The frame is not JSON, not an object, or a field has the wrong type. */
  badFrame: 'bad_frame',
  /** The frame's `op` is not one the protocol defines. */
  unknownOp: 'unknown_op',
  /** The token grants no role in that guild. */
  forbidden: 'forbidden',
  /** The connection already has the maximum number of subscriptions. */
  tooManySubscriptions: 'too_many_subscriptions',
  /** `unsubscribe` for a guild the connection is not subscribed to. */
  notSubscribed: 'not_subscribed',
  /** The connection already views the maximum number of presence topics. */
  tooManyViews: 'too_many_views',
  /** `unview` for a topic the connection does not view. */
  notViewing: 'not_viewing',
  /** Replaying missed events from the stream failed; subscribe again with the same `since`. */
  replayFailed: 'replay_failed',
} as const;

/** One of the codes of `error` frames. */
export type ErrorCode = (typeof errorCodes)[keyof typeof errorCodes];
