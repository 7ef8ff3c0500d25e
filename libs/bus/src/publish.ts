import type { EventMeta } from '@guildwire/contracts';
import { type EventDef, type EventOf, encodeMessage, eventSubject } from '@guildwire/contracts';
import type { Bus } from './connection.js';

/** Where JetStream stored a published event. */
export interface PublishResult {
  readonly seq: number;
  /** True when the stream had already stored this event id (a retried publish). */
  readonly duplicate: boolean;
}

/** An event ready for the wire: registry subject, protobuf bytes and its id. */
export interface EncodedEvent {
  readonly subject: string;
  readonly payload: Uint8Array;
  readonly eventId: string;
  readonly guildId: string;
}

/** Encodes an event of `def`; the subject comes from the registry and the guild in its meta. */
export function encodeEvent<D extends EventDef>(def: D, event: EventOf<D>): EncodedEvent {
  const meta = (event as { meta?: EventMeta }).meta;
  if (!meta || meta.eventId === '' || meta.guildId === '') {
    throw new Error(`event ${def.type} needs meta with an event id and a guild id`);
  }
  return {
    subject: eventSubject(def, meta.guildId),
    payload: encodeMessage(def.schema, event),
    eventId: meta.eventId,
    guildId: meta.guildId,
  };
}

/** Publishes an encoded event and awaits the JetStream ack; Nats-Msg-Id = event id. */
export async function publishEncoded(
  bus: Bus,
  event: EncodedEvent,
  timeoutMs = 5000,
): Promise<PublishResult> {
  const ack = await bus.js.publish(bus.wire(event.subject), event.payload, {
    msgID: event.eventId,
    timeout: timeoutMs,
  });
  return { seq: ack.seq, duplicate: ack.duplicate };
}

/**
 * Publishes one event directly and awaits the ack. Services publish through the outbox instead;
 * this is for the relay and for producers with no database of their own.
 */
export async function publishEvent<D extends EventDef>(
  bus: Bus,
  def: D,
  event: EventOf<D>,
): Promise<PublishResult> {
  return publishEncoded(bus, encodeEvent(def, event));
}
