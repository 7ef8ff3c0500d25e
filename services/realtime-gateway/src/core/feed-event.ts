import type { Visibility } from './visibility.js';

/** One guild event as the gateway holds it: facts, visibility and its pre-serialized frame. */
export interface FeedEvent {
  readonly seq: number;
  readonly guildId: string;
  readonly type: string;
  /** When the stream stored it, Unix ms. */
  readonly ts: number;
  readonly visibility: Visibility;
  /** Approximate bytes held for this event (for the history's accounting). */
  readonly size: number;
  /**
   * The `event` frame for a connection whose previous event of this guild was `prev`, with its
   * WebSocket header (a final, unmasked text frame), ready for the socket.
   */
  wireFrame(prev: number): Buffer;
}
