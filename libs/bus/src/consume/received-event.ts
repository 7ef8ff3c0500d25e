import { decodeMessage, type EventDef, guildEvents, PayloadDecodeError } from '@guildwire/contracts';
import type { JsMsg } from '@nats-io/jetstream';
import type { Bus } from '../connection.js';

/** An event read from the stream, decoded through the registry. */
export interface ReceivedEvent<M = unknown> {
  readonly def: EventDef;
  readonly guildId: string;
  /** The registry subject (namespace removed). */
  readonly subject: string;
  /** JetStream stream sequence. */
  readonly seq: number;
  readonly message: M;
  readonly timestampMs: number;
  readonly redelivered: boolean;
}

/** Raw message facts needed to decode an event. */
export interface RawStreamMessage {
  readonly subject: string;
  readonly seq: number;
  readonly data: Uint8Array;
  readonly timestampMs: number;
  readonly redelivered: boolean;
}

/** Why a stream message could not be turned into an event. */
export class UndecodableEventError extends Error {
  override name = 'UndecodableEventError';
  constructor(
    readonly subject: string,
    readonly seq: number,
    reason: string,
    options?: ErrorOptions,
  ) {
    super(`stream message ${seq} on ${subject}: ${reason}`, options);
  }
}

/** Resolves the subject in the registry and decodes the payload; throws UndecodableEventError. */
export function decodeStreamMessage(bus: Bus, raw: RawStreamMessage): ReceivedEvent {
  const subject = bus.local(raw.subject);
  const resolved = subject === undefined ? undefined : guildEvents.resolve(subject);
  if (subject === undefined || !resolved) {
    throw new UndecodableEventError(raw.subject, raw.seq, 'subject names no known event type');
  }
  try {
    const message = decodeMessage(resolved.def.schema, raw.data);
    return {
      def: resolved.def,
      guildId: resolved.guildId,
      subject,
      seq: raw.seq,
      message,
      timestampMs: raw.timestampMs,
      redelivered: raw.redelivered,
    };
  } catch (err) {
    if (err instanceof PayloadDecodeError)
      throw new UndecodableEventError(raw.subject, raw.seq, err.message, { cause: err });
    throw err;
  }
}

/** Decodes a JetStream message (any consumer kind) through the registry; throws UndecodableEventError. */
export function decodeJsMsg(bus: Bus, m: JsMsg): ReceivedEvent {
  return decodeStreamMessage(bus, {
    subject: m.subject,
    seq: m.seq,
    data: m.data,
    timestampMs: Math.floor(m.info.timestampNanos / 1e6),
    redelivered: m.redelivered,
  });
}
