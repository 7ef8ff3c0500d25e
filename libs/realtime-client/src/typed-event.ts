import { fromJson, type JsonValue } from '@bufbuild/protobuf';
import { type EventDef, type EventOf, guildEvents } from '@guildwire/contracts';

/** One event delivered by the client, in order and exactly once per guild. */
export interface RealtimeEvent {
  readonly guildId: string;
  readonly seq: number;
  /** Registry event type, e.g. `ticket.claimed`. */
  readonly type: string;
  /** The event's message in canonical proto3 JSON form. */
  readonly data: JsonValue;
  /** When the stream stored it, Unix ms. */
  readonly ts: number;
  /** The registry's definition for `type`; undefined for a type this client build does not know. */
  readonly def: EventDef | undefined;
}

/** True when `event` is of the type `def` declares. */
export function isEventOf<D extends EventDef>(event: RealtimeEvent, def: D): boolean {
  return event.type === def.type;
}

/** The event's data as the typed protobuf message of `def` (unknown fields are ignored). */
export function decodeEvent<D extends EventDef>(event: RealtimeEvent, def: D): EventOf<D> {
  if (event.type !== def.type) throw new TypeError(`event is ${event.type}, not ${def.type}`);
  return fromJson(def.schema, event.data, { ignoreUnknownFields: true }) as EventOf<D>;
}

/** Looks up the registry definition of an event type. */
export function definitionOf(type: string): EventDef | undefined {
  return guildEvents.byType(type);
}
