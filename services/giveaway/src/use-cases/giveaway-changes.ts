import { randomBytes } from 'node:crypto';
import { onceByKey } from '@guildwire/service-kit';
import { uuidv7 } from 'uuidv7';
import type { ChangeContext } from '../domain/change.js';
import { seedCommitment } from '../domain/draw.js';
import type { Caller } from '../domain/giveaway.js';
import { type NewGiveawayInput, newGiveaway } from '../domain/new-giveaway.js';
import {
  cancelGiveaway,
  editGiveaway,
  type GiveawayEdit,
  pauseGiveaway,
  requireManager,
  resumeGiveaway,
  setGiveawayMessage,
} from '../domain/transitions.js';
import { giveawayErrors } from '../errors.js';
import { giveawayStore } from '../store/giveaway-store.js';
import { emitGiveawayEvent } from '../wire/giveaway-events.js';
import type { GiveawayResult } from '../wire/to-proto.js';
import { applyChange, type Decide, historyLine } from './apply-change.js';
import type { ChangeOptions, GiveawayDeps } from './deps.js';
import { decideEnd, decideReroll } from './draw-winners.js';

/**
 * Every write on giveaways but entries, shared by the HTTP routes and the NATS commands: each runs
 * in one transaction that changes state, writes history and emits exactly one event.
 */
export function createGiveawayChanges(deps: GiveawayDeps, onArmed: (at: Date) => void = () => {}) {
  const { outbox, clock } = deps;

  async function context(caller: Caller): Promise<ChangeContext> {
    return {
      caller,
      now: clock(),
      settings: await deps.settings.forGuild(caller.guildId),
      beacon: deps.beacon,
    };
  }

  async function change(
    caller: Caller,
    operation: string,
    giveawayId: string,
    request: object,
    options: ChangeOptions,
    decide: Decide,
  ): Promise<GiveawayResult> {
    const ctx = await context(caller);
    const result = await outbox.transaction((trx, emit) =>
      onceByKey(
        trx,
        { guildId: caller.guildId, operation, key: options.idempotencyKey, now: ctx.now },
        { by: caller.userId, giveawayId, ...request },
        async () => {
          const { giveaway, change } = await applyChange(
            trx,
            emit,
            ctx,
            giveawayId,
            decide,
            options.expectedVersion,
          );
          const round =
            change?.event.type === 'ended' || change?.event.type === 'rerolled'
              ? change.event.round
              : undefined;
          return { giveaway, ...(round ? { winnerIds: round.userIds, short: round.short } : {}) };
        },
      ),
    );
    armFor(result.giveaway);
    return result;
  }

  // A start or end this replica just set is armed at once; other replicas notice within their interval.
  function armFor(g: GiveawayResult['giveaway']): void {
    if (g.status === 'scheduled') onArmed(g.startsAt);
    else if (g.status === 'running')
      onArmed(g.draw.beaconAt && g.draw.beaconAt > g.endsAt ? g.draw.beaconAt : g.endsAt);
  }

  return {
    /** Creates a giveaway (starting now or scheduled), committing to a fresh secret seed. */
    async create(
      caller: Caller,
      input: NewGiveawayInput,
      options: ChangeOptions = {},
    ): Promise<GiveawayResult> {
      const ctx = await context(caller);
      requireManager(ctx, 'create giveaways');
      if (input.useBeacon && !deps.beacon)
        throw new giveawayErrors.GIVEAWAY_ERR_BEACON_UNAVAILABLE('(no beacon is configured)');
      const result = await outbox.transaction((trx, emit) =>
        onceByKey(
          trx,
          { guildId: caller.guildId, operation: 'create', key: options.idempotencyKey, now: ctx.now },
          { by: caller.userId, ...input },
          async () => {
            const seed = randomBytes(32).toString('hex');
            const giveaway = newGiveaway(input, ctx, {
              id: uuidv7(),
              seed,
              seedCommitment: seedCommitment(seed),
            });
            const store = giveawayStore(trx);
            const active = await store.lockAndCountActive(caller.guildId);
            const limit = ctx.settings.maxRunningPerGuild;
            if (active >= limit)
              throw new giveawayErrors.GIVEAWAY_ERR_RUNNING_LIMIT(active, limit).withDetails({
                active,
                limit,
              });
            await store.insert(giveaway);
            await store.insertHistory(giveaway, historyLine(caller, null, giveaway, 'created'));
            emitGiveawayEvent(emit, caller, giveaway, { type: 'created' });
            return { giveaway };
          },
        ),
      );
      armFor(result.giveaway);
      return result;
    },

    edit: (caller: Caller, id: string, edit: GiveawayEdit, options: ChangeOptions = {}) =>
      change(caller, 'edit', id, edit, options, (g, ctx) => editGiveaway(g, ctx, edit)),

    pause: (caller: Caller, id: string, options: ChangeOptions = {}) =>
      change(caller, 'pause', id, {}, options, pauseGiveaway),

    resume: (caller: Caller, id: string, options: ChangeOptions = {}) =>
      change(caller, 'resume', id, {}, options, resumeGiveaway),

    cancel: (caller: Caller, id: string, options: ChangeOptions = {}) =>
      change(caller, 'cancel', id, {}, options, cancelGiveaway),

    /** Ends now: the draw happens in this transaction. */
    end: (caller: Caller, id: string, options: ChangeOptions = {}) =>
      change(caller, 'end', id, {}, options, (g, ctx, trx) => {
        requireManager(ctx, 'end giveaways');
        return decideEnd(g, ctx, trx);
      }),

    /** Draws `count` more winners from the same ranking, never an earlier winner. */
    reroll: (caller: Caller, id: string, count: number, options: ChangeOptions = {}) =>
      change(caller, 'reroll', id, { count }, options, (g, ctx, trx) => {
        requireManager(ctx, 'reroll giveaways');
        return decideReroll(g, ctx, trx, count);
      }),

    setMessage: (caller: Caller, id: string, channelId: string, messageId: string) =>
      change(caller, 'set_message', id, { channelId, messageId }, {}, (g, ctx) =>
        setGiveawayMessage(g, ctx, channelId, messageId),
      ),
  };
}

/** The giveaway changes' interface. */
export type GiveawayChanges = ReturnType<typeof createGiveawayChanges>;
