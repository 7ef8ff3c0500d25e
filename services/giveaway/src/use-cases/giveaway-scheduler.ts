import type { DueWork } from '@guildwire/service-kit';
import type { ChangeContext, GiveawayChange } from '../domain/change.js';
import { rankEntries } from '../domain/draw.js';
import type { Caller, Giveaway } from '../domain/giveaway.js';
import { endGiveaway, startGiveaway } from '../domain/transitions.js';
import { batchWrites } from '../store/batch-writes.js';
import { giveawayStore } from '../store/giveaway-store.js';
import { emitGiveawayEvent } from '../wire/giveaway-events.js';
import { historyLine } from './apply-change.js';
import type { GiveawayDeps } from './deps.js';

/** Name of the system actor of scheduled starts and ends. */
export const schedulerActor = 'giveaway-scheduler';

/** When a giveaway fell due: its start, or its end (its beacon round, if later). */
function dueAt(g: Giveaway): Date {
  if (g.status === 'scheduled') return g.startsAt;
  const beaconAt = g.draw.beaconAt;
  return beaconAt && beaconAt > g.endsAt ? beaconAt : g.endsAt;
}

/**
 * Scheduled starts and ends as due work for the service-kit sweeper. One `fire` is one
 * transaction: the due giveaways are locked with FOR UPDATE SKIP LOCKED, so replicas sweeping at
 * once split them and each starts or ends exactly once; their entries are read, winners drawn and
 * state, winners, history and events written a batch at a time (a statement per batch, not per
 * giveaway: a thousand giveaways due in one second must not queue behind round trips).
 */
export function giveawayScheduler(deps: GiveawayDeps): DueWork {
  return {
    async fire(limit) {
      const now = deps.clock();
      return deps.outbox.transaction(async (trx, emit) => {
        const writes = batchWrites(trx);
        const locked = await writes.lockDueWithEntries(now, limit);
        const due = locked.map((l) => l.giveaway);
        const entries = new Map(locked.map((l) => [l.giveaway.id, l.entries]));
        const changed: { before: Giveaway; change: NonNullable<GiveawayChange>; caller: Caller }[] = [];
        const winners: Parameters<typeof writes.writeScheduled>[1][number][] = [];
        for (const g of due) {
          const caller: Caller = {
            guildId: g.guildId,
            userId: schedulerActor,
            kind: 'system',
            manager: true,
          };
          const ctx: ChangeContext = {
            caller,
            now,
            settings: await deps.settings.forGuild(g.guildId),
            beacon: deps.beacon,
          };
          let change: GiveawayChange;
          if (g.status === 'scheduled') change = startGiveaway(g, ctx);
          else {
            let beaconRandomness: string | null = null;
            if (g.draw.beaconRound !== null) {
              try {
                beaconRandomness = (await deps.beacon!.fetch(g.draw.beaconRound)).randomness;
              } catch (err) {
                deps.logger.warn({ err, giveawayId: g.id }, 'beacon round not available; the end waits');
                continue;
              }
            }
            const all = entries.get(g.id) ?? [];
            const ranking = rankEntries(
              { giveawayId: g.id, seed: g.draw.seed, beaconRandomness, entries: all },
              g.winnerCount,
            );
            for (const [i, userId] of ranking.top.entries())
              winners.push({ giveawayId: g.id, userId, round: 1, rank: i + 1, drawnAt: now });
            change = endGiveaway(g, ctx, {
              winners: ranking.top,
              entrantCount: all.length,
              entriesDigest: ranking.digest,
              beaconRandomness,
            });
          }
          if (change) changed.push({ before: g, change, caller });
        }
        await writes.writeScheduled(
          changed.map((c) => c.change.giveaway),
          winners,
          changed.map(({ before, change, caller }) => ({
            giveaway: change.giveaway,
            line: historyLine(caller, before, change.giveaway, change.event.type),
          })),
        );
        for (const { change, caller } of changed)
          emitGiveawayEvent(emit, caller, change.giveaway, change.event);
        return { firedDueAt: changed.map((c) => dueAt(c.before)), locked: due.length };
      });
    },
    nextDue: () => giveawayStore(deps.db).nextDue(),
  };
}
