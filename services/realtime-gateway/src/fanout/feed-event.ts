import { type EventDef, toDashboardJson } from '@guildwire/contracts';
import type { FeedEvent } from '../core/feed-event.js';
import { visibilityOf } from '../core/visibility.js';
import { textFrame } from './text-frame.js';

/** What the feed knows about a stream message once decoded through the registry. */
export interface DecodedEvent {
  readonly seq: number;
  readonly guildId: string;
  readonly def: EventDef;
  readonly message: unknown;
  readonly timestampMs: number;
}

// Steady-state live recipients of one audience share one `prev` (the previous event they all saw),
// so a handful of cached frames per event serves thousands of sockets with one buffer each.
const maxCachedFrames = 2;

/**
 * Serializes the event's JSON once, in the dashboard dialect the HTTP APIs answer with (so a page
 * applies `data` to what it fetched as is): the frame is `head + prev + tail` and only `prev`
 * differs between recipients, so each distinct `prev` costs one small concatenation.
 */
export function createFeedEvent(decoded: DecodedEvent): FeedEvent {
  const { seq, guildId, def, timestampMs } = decoded;
  const data = JSON.stringify(toDashboardJson(def.json, decoded.message as never));
  const head = Buffer.from(`{"op":"event","guildId":"${guildId}","seq":${seq},"prev":`);
  const tail = Buffer.from(`,"type":${JSON.stringify(def.type)},"data":${data},"ts":${timestampMs}}`);
  const frames = new Map<number, Buffer>();
  return {
    seq,
    guildId,
    type: def.type,
    ts: timestampMs,
    visibility: visibilityOf(def, decoded.message),
    size: head.length + tail.length + 200,
    wireFrame(prev) {
      let wire = frames.get(prev);
      if (wire === undefined) {
        wire = textFrame(Buffer.concat([head, Buffer.from(String(prev)), tail]));
        if (frames.size >= maxCachedFrames) frames.delete(frames.keys().next().value as number);
        frames.set(prev, wire);
      }
      return wire;
    },
  };
}
