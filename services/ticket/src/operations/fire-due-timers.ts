import { fireDueTimers } from '../domain/close-request-transitions.js';
import type { Caller } from '../domain/ticket.js';
import { idempotencyStore } from '../store/idempotency-store.js';
import { ticketStore } from '../store/ticket-store.js';
import type { TicketDeps } from './deps.js';
import { applyChange } from './run-change.js';

/** Name of the system actor of timer-driven changes. */
export const timerActor = 'ticket-timers';

/**
 * Fires the timers due at the deps' clock, at most `limit` tickets, in one transaction: the due rows
 * are locked with SKIP LOCKED, so replicas running this at once split the work and each ticket closes
 * once; the close, its history and its event commit together. Returns how many tickets changed.
 */
export async function fireDueTicketTimers(
  deps: TicketDeps,
  limit: number,
): Promise<{ fired: number; locked: number }> {
  const now = deps.clock();
  return deps.outbox.transaction(async (trx, emit) => {
    const due = await ticketStore(trx).lockDue(now, limit);
    let fired = 0;
    for (const ticket of due) {
      const caller: Caller = {
        guildId: ticket.guildId,
        userId: timerActor,
        kind: 'system',
        staff: true,
        admin: false,
      };
      const ctx = { caller, now, settings: await deps.settings.forGuild(ticket.guildId) };
      // The row is already locked by lockDue; applyChange re-reads it under the same lock.
      const { change } = await applyChange(trx, emit, ctx, ticket.id, (t, c) => fireDueTimers(t, c));
      if (change) fired++;
      else
        deps.logger.warn({ ticketId: ticket.id, guildId: ticket.guildId }, 'due timer found nothing to do');
    }
    return { fired, locked: due.length };
  });
}

/** Forgets idempotency keys older than `maxAgeMs`. */
export async function purgeIdempotencyKeys(deps: TicketDeps, maxAgeMs: number): Promise<number> {
  return idempotencyStore(deps.db).purge(new Date(deps.clock().getTime() - maxAgeMs));
}
