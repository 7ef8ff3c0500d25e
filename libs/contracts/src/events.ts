import { createEventRegistry } from './registry/registry.js';
import { ticketEvents } from './ticket/events.js';

/** Every event type Guildwire publishes; the one place a consumer resolves a subject to its type. */
export const guildEvents = createEventRegistry([...Object.values(ticketEvents)]);
