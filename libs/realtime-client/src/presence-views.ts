import { isGuildId } from '@guildwire/contracts';
import { presenceTopicPattern } from './protocol/endpoint.js';
import { errorCodes } from './protocol/error-codes.js';
import type { PresenceFrame, PresenceViewer, UnviewFrame, ViewFrame } from './protocol/frames.js';

/** Receives a topic's viewers (staff and admins only; members get none). */
export type PresenceListener = (viewers: readonly PresenceViewer[]) => void;

interface ViewEntry {
  readonly frame: ViewFrame;
  readonly listeners: Set<PresenceListener>;
  last: readonly PresenceViewer[] | undefined;
}

/** The client's presence views: one server view per guild and topic, however many listeners. */
export interface PresenceViews {
  view(guildId: string, topic: string, listener: PresenceListener): () => void;
  /** After (re)authentication on a new connection: every view is announced again. */
  announceAll(): void;
  presence(frame: PresenceFrame): void;
  /** An `error` naming a topic: a refused view is forgotten (its listeners get nothing more). */
  refused(code: string, guildId: string, topic: string): void;
}

/** Creates the views; `send` writes a frame when the connection is authenticated (else drops it). */
export function createPresenceViews(send: (frame: ViewFrame | UnviewFrame) => void): PresenceViews {
  const entries = new Map<string, ViewEntry>();
  const keyOf = (guildId: string, topic: string) => `${guildId} ${topic}`;
  return {
    view(guildId, topic, listener) {
      if (!isGuildId(guildId)) throw new TypeError(`not a guild id: ${JSON.stringify(guildId)}`);
      if (!presenceTopicPattern.test(topic))
        throw new TypeError(`not a presence topic (ticket:<id>): ${JSON.stringify(topic)}`);
      const key = keyOf(guildId, topic);
      let entry = entries.get(key);
      if (entry === undefined) {
        entry = { frame: { op: 'view', guildId, topic }, listeners: new Set(), last: undefined };
        entries.set(key, entry);
        send(entry.frame);
      } else if (entry.last !== undefined) {
        listener(entry.last);
      }
      const mine = entry;
      // One function per call, so the same listener passed twice needs two stops.
      const own: PresenceListener = (viewers) => listener(viewers);
      mine.listeners.add(own);
      return () => {
        if (!mine.listeners.delete(own) || mine.listeners.size > 0) return;
        if (entries.get(key) !== mine) return;
        entries.delete(key);
        send({ op: 'unview', guildId, topic });
      };
    },
    announceAll() {
      for (const entry of entries.values()) send(entry.frame);
    },
    presence(frame) {
      const entry = entries.get(keyOf(frame.guildId, frame.topic));
      if (entry === undefined) return;
      entry.last = frame.viewers;
      for (const listener of entry.listeners) listener(frame.viewers);
    },
    refused(code, guildId, topic) {
      // not_viewing answers an unview the server had already ended: nothing to forget.
      if (code === errorCodes.notViewing) return;
      entries.delete(keyOf(guildId, topic));
    },
  };
}
