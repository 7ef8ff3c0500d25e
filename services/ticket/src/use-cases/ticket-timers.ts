import type { DueWork } from '@guildwire/service-kit';
import { fireDueTimers } from '../domain/close-request-transitions.js';
import type { Caller } from '../domain/ticket.js';
import { ticketStore } from '../store/ticket-store.js';
import { applyChange } from './apply-change.js';
import type { TicketDeps } from './deps.js';

/** Name of the system actor of timer-driven changes. */
export const timerActor = 'ticket-timers';

/**
 * The ticket timers as due work for the service-kit sweeper: auto-close after inactivity and
 * unanswered close requests. One `fire` is one transaction: the due rows are locked with SKIP LOCKED,
 * so replicas sweeping at once split the work and each ticket closes once; the close, its history
 * and its event commit together.
 */
export function ticketTimers(deps: TicketDeps): DueWork {
  return {
    async fire(limit) {
      const now = deps.clock();
      return deps.outbox.transaction(async (trx, emit) => {
        const due = await ticketStore(trx).lockDue(now, limit);
        const firedDueAt: Date[] = [];
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
          if (change) firedDueAt.push(dueAt(ticket) ?? now);
          else
            deps.logger.warn(
              { ticketId: ticket.id, guildId: ticket.guildId },
              'due timer found nothing to do',
            );
        }
        return { firedDueAt, locked: due.length };
      });
    },
    nextDue: () => ticketStore(deps.db).nextDue(),
  };
}

/** When a ticket's earliest timer was due: its close request's deadline or its auto-close time. */
function dueAt(ticket: {
  readonly autoCloseAt: Date | null;
  readonly closeRequest: { deadline: Date } | null;
}) {
  const times = [ticket.autoCloseAt, ticket.closeRequest?.deadline].filter(
    (d): d is Date => d instanceof Date,
  );
  return times.length === 0 ? undefined : new Date(Math.min(...times.map((d) => d.getTime())));
}
