import type { JsonValue } from '@bufbuild/protobuf';
import { type EventDef, type EventJsonOf, type GuildEventJson, guildEvents } from '@guildwire/contracts';

/** One event delivered by the client, in order and exactly once per guild. */
export interface RealtimeEvent {
  readonly guildId: string;
  readonly seq: number;
  /** Registry event type, e.g. `ticket.claimed`. */
  readonly type: string;
  /** The event's message in the dashboard JSON dialect (the shape the HTTP API returns). */
  readonly data: JsonValue;
  /** When the stream stored it, Unix ms. */
  readonly ts: number;
  /** The registry's definition for `type`; undefined for a type this client build does not know. */
  readonly def: EventDef | undefined;
}

/** Anything carrying an event's type and payload: a `RealtimeEvent`, an `event` frame. */
export interface EventLike {
  readonly type: string;
  readonly data: unknown;
}

/** True when `event` is of the type `def` declares. */
export function isEventOf<D extends EventDef>(event: EventLike, def: D): boolean {
  return event.type === def.type;
}

/**
 * The event's payload typed by its event type: a union discriminated by `type` (switch on it), or
 * undefined for a type this client build does not know. With `def`, the payload of that type (throws
 * for another type). The gateway already sends the dashboard dialect: nothing is converted.
 */
export function eventData(event: EventLike): GuildEventJson | undefined;
export function eventData<D extends EventDef>(event: EventLike, def: D): EventJsonOf<D>;
export function eventData(event: EventLike, def?: EventDef): unknown {
  if (def !== undefined) {
    if (event.type !== def.type) throw new TypeError(`event is ${event.type}, not ${def.type}`);
    return event.data;
  }
  return guildEvents.byType(event.type) ? { type: event.type, data: event.data } : undefined;
}

/** Looks up the registry definition of an event type. */
export function definitionOf(type: string): EventDef | undefined {
  return guildEvents.byType(type);
}
