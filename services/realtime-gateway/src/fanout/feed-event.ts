import { type EventDef, toDashboardJson } from '@guildwire/contracts';
import { type Visibility, visibilityOf } from './visibility.js';

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

/**
 * RFC 6455 §5.2 framing of a server→client text message: FIN + opcode 1, no mask, 7/16/64-bit
 * length. Framed once per event, the same bytes go to every recipient sharing its `prev`, where
 * ws would frame (allocate a header, convert, dispatch) once per recipient.
 */
function textFrame(payload: Buffer): Buffer {
  const len = payload.length;
  const headLen = len < 126 ? 2 : len < 65_536 ? 4 : 10;
  const out = Buffer.allocUnsafe(headLen + len);
  out[0] = 0x81;
  if (len < 126) out[1] = len;
  else if (len < 65_536) {
    out[1] = 126;
    out.writeUInt16BE(len, 2);
  } else {
    out[1] = 127;
    out.writeBigUInt64BE(BigInt(len), 2);
  }
  payload.copy(out, headLen);
  return out;
}
