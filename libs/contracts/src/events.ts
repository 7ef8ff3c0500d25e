import { configEvents } from './config/events.js';
import { giveawayEvents } from './giveaway/events.js';
import type { EventDef, EventJsonOf } from './registry/define-event.js';
import { createEventRegistry } from './registry/registry.js';
import { ticketEvents } from './ticket/events.js';

/** Every event type Guildwire publishes; the one place a consumer resolves a subject to its type. */
export const guildEvents = createEventRegistry([
  ...Object.values(ticketEvents),
  ...Object.values(giveawayEvents),
  ...Object.values(configEvents),
]);

/** The union of every declared event definition (each with its literal `type`). */
export type GuildEventDef =
  | (typeof ticketEvents)[keyof typeof ticketEvents]
  | (typeof giveawayEvents)[keyof typeof giveawayEvents]
  | (typeof configEvents)[keyof typeof configEvents];

/** A type's event payload in the dashboard JSON dialect, as a union discriminated by `type`. */
export type GuildEventJson = GuildEventDef extends infer D
  ? D extends EventDef
    ? { readonly type: D['type']; readonly data: EventJsonOf<D> }
    : never
  : never;
