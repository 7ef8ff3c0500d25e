import type { Bus } from '@guildwire/bus';
import {
  createEventMeta,
  createMessage,
  discordActor,
  encodeMessage,
  TicketOpenedSchema,
} from '@guildwire/contracts';
import { guildIdOf, nowMs } from './workload.js';

/** The driver's open-loop event source. */
export interface Publisher {
  /** Events published so far. */
  readonly published: number;
  /**
   * Publishes `eventsPerSec` ticket events round-robin over the guilds for `ms`; the ticket subject
   * carries the publish time, which the clients turn into latency.
   */
  publishFor(eventsPerSec: number, ms: number, guilds: number): Promise<void>;
}

/** Publishes ticket-opened events on `bus`. */
export function createPublisher(bus: Bus): Publisher {
  let published = 0;
  return {
    get published() {
      return published;
    },
    async publishFor(eventsPerSec, ms, guilds) {
      const start = Date.now();
      const inFlight = new Set<Promise<unknown>>();
      const total = Math.round((eventsPerSec * ms) / 1000);
      let sent = 0;
      while (sent < total) {
        const due = Math.min(total, Math.floor(((Date.now() - start) / 1000) * eventsPerSec));
        for (; sent < due; sent++) {
          const guildId = guildIdOf(published++, guilds);
          const msg = createMessage(TicketOpenedSchema, {
            meta: createEventMeta({ guildId, actor: discordActor('1'), aggregateVersion: 1 }),
            ticket: {
              id: `t${published}`,
              guildId,
              number: published,
              subject: String(nowMs()),
              openerId: '1',
              description: 'x'.repeat(120),
            },
          });
          const p = bus.js.publish(
            bus.wire(`guild.${guildId}.ticket.opened`),
            encodeMessage(TicketOpenedSchema, msg),
          );
          inFlight.add(p);
          void p.finally(() => inFlight.delete(p));
          if (inFlight.size > 2000) await Promise.race(inFlight);
        }
        // Open loop: whatever is due by the clock is sent, whatever the servers do; 2 ms ticks keep
        // bursts small (at 150k deliveries/s over 100 recipients that is 3 events a tick).
        await new Promise((r) => setTimeout(r, 2));
      }
      await Promise.all(inFlight);
    },
  };
}
