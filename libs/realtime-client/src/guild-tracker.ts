import type { Cursor, EventFrame, SubscribedFrame } from './protocol/frames.js';

/** What to do with an incoming event frame. */
export type EventVerdict = 'deliver' | 'duplicate' | 'ignore' | 'gap';

/**
 * One guild's client-side state: whether a `subscribed` answer is awaited, and the cursor. It
 * enforces the protocol's guarantees: events are in order, never twice, and each one's `prev` is
 * the seq of the one before it (or of the position the `subscribed` frame set).
 */
export interface GuildTracker {
  readonly guildId: string;
  readonly cursor: Cursor | undefined;
  /** True between sending `subscribe` and receiving `subscribed`. */
  readonly awaiting: boolean;
  /** A `subscribe` is being sent: events until its answer belong to the old subscription. */
  subscribing(): void;
  /** Applies `subscribed`; returns the cursor to store. */
  subscribed(frame: SubscribedFrame, since: Cursor | undefined): Cursor;
  /** Classifies an event; on `deliver` the cursor has advanced to it. */
  accept(frame: EventFrame): EventVerdict;
}

/** Creates a tracker starting from a stored cursor, if any. */
export function createGuildTracker(guildId: string, initial: Cursor | undefined): GuildTracker {
  let cursor = initial;
  let awaiting = false;
  return {
    guildId,
    get cursor() {
      return cursor;
    },
    get awaiting() {
      return awaiting;
    },
    subscribing() {
      awaiting = true;
    },
    subscribed(frame, since) {
      awaiting = false;
      // recovered: events continue right after `since`; otherwise after the head.
      cursor =
        frame.recovered && since
          ? { seq: since.seq, epoch: frame.epoch }
          : { seq: frame.head, epoch: frame.epoch };
      return cursor;
    },
    accept(frame) {
      if (awaiting || cursor === undefined) return 'ignore';
      if (frame.seq <= cursor.seq) return 'duplicate';
      if (frame.prev !== cursor.seq) return 'gap';
      cursor = { seq: frame.seq, epoch: cursor.epoch };
      return 'deliver';
    },
  };
}
